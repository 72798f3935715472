/**
 * Static files go out compressed and cached right: the build writes .br/.gz beside each asset;
 * the server sends brotli or gzip by Accept-Encoding (the exact bytes once decoded), the original
 * to clients that accept neither; hashed assets may be kept a year, index.html and sw.js are
 * revalidated so a deploy reaches them.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../server/http/precompress.ts';
import { assertClientBuilt } from './helpers/browser.ts';
import { repoRoot, startServer, type TestServer, tempDir } from './helpers/server.ts';

const built = path.join(repoRoot, 'dist/client');

/** A raw GET (fetch would decode the body and hide the encoding). */
function get(url: string, encoding?: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = encoding === undefined ? {} : { 'accept-encoding': encoding };
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('compressed static files', () => {
  let server: TestServer;
  let script: string;

  beforeAll(async () => {
    assertClientBuilt(repoRoot);
    server = await startServer();
    const index = fs.readFileSync(path.join(built, 'index.html'), 'utf8');
    script = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1]!;
  });
  afterAll(() => server.stop());

  it('sends the script brotli- or gzip-compressed, the same bytes once decoded', async () => {
    const original = fs.readFileSync(path.join(built, script));
    const br = await get(`${server.url}${script}`, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(original.length * 0.3);
    expect(zlib.brotliDecompressSync(br.body).equals(original)).toBe(true);

    const gz = await get(`${server.url}${script}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(original)).toBe(true);

    const plain = await get(`${server.url}${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('lets browsers keep hashed assets for a year, and revalidate the page and the worker', async () => {
    const asset = await get(`${server.url}${script}`, 'br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const page of ['/', '/index.html', '/sw.js', '/some/deep/link']) {
      const res = await get(`${server.url}${page}`, 'br');
      expect(res.headers['cache-control'], page).toBe('no-cache');
    }
    // The CSP still applies to compressed answers.
    expect(asset.headers['content-security-policy']).toBeTruthy();
  });

  it('compresses text files big enough to gain, not small or binary ones', () => {
    const dir = tempDir('coreport-precompress-');
    fs.writeFileSync(path.join(dir, 'big.js'), '全年完成重点任务X项。'.repeat(500));
    fs.writeFileSync(path.join(dir, 'tiny.css'), 'body{margin:0}');
    fs.writeFileSync(path.join(dir, 'photo.png'), Buffer.alloc(4096, 1));
    precompressDir(dir);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['big.js', 'big.js.br', 'big.js.gz', 'photo.png', 'tiny.css']);
    const original = fs.readFileSync(path.join(dir, 'big.js'));
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, 'big.js.br'))).equals(original)).toBe(
      true,
    );
  });
});
