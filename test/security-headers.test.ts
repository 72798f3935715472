/**
 * The Content-Security-Policy and friends (docs/reliability.md, Browser safety): a strict policy
 * on the web app (HTML, assets, service worker), a deny-everything one on /api, none on the /ws
 * upgrade (a 101 response's headers are immutable); and the built index.html needs no inline
 * script or style, so the policy never has to allow them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, createReport, registerAdmin } from './helpers/api.ts';
import { assertClientBuilt } from './helpers/browser.ts';
import { repoRoot, startServer, type TestServer } from './helpers/server.ts';

/** `directive → sources` of a CSP header value. */
function parseCsp(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

const built = path.join(repoRoot, 'dist/client');

describe('security headers', () => {
  let server: TestServer;
  let token: string;
  let reportId: string;

  beforeAll(async () => {
    assertClientBuilt(repoRoot);
    server = await startServer();
    const admin = await registerAdmin(server.url);
    token = admin.token;
    reportId = await createReport(server.url, admin, '2024年度工作总结');
  });
  afterAll(() => server.stop());

  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${server.url}${p}`, { headers });

  it('sends a strict policy with the web app', async () => {
    const assets = fs.readdirSync(path.join(built, 'assets')).map((f) => `/assets/${f}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const p of ['/', '/index.html', '/r/deep-link', '/sw.js', ...assets]) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      const csp = parseCsp(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), p).toEqual(["'self'"]);
      expect(csp.get('script-src'), p).toEqual(["'self'"]);
      expect(csp.get('style-src'), p).toEqual(["'self'"]);
      expect(csp.get('connect-src'), p).toEqual(["'self'"]);
      expect(csp.get('worker-src'), p).toEqual(["'self'"]);
      expect(csp.get('object-src'), p).toEqual(["'none'"]);
      expect(csp.get('base-uri'), p).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), p).toEqual(["'none'"]);
      const everything = [...csp.values()].flat();
      for (const loose of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'https:'])
        expect(everything, `${p} allows ${loose}`).not.toContain(loose);
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), p).toBe('DENY');
      await res.arrayBuffer();
    }
  });

  it('sends a deny-everything policy with API answers, errors included', async () => {
    const answers = [
      await api(server.url, 'GET', '/api/me', { token }),
      await api(server.url, 'GET', `/api/reports/${reportId}`, { token }),
      await api(server.url, 'GET', '/api/me'),
      await api(server.url, 'GET', '/api/no-such-thing', { token }),
      await api(server.url, 'POST', '/api/auth/login', { raw: '{not json' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 401, 404, 400]);
    for (const res of answers) {
      const csp = parseCsp(res.headers.get('content-security-policy'));
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('leaves the WebSocket upgrade alone', async () => {
    const ws = new WebSocket(`${server.wsUrl}/${reportId}?token=${token}`);
    const upgrade = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.once('upgrade', (res) => resolve(res.headers));
      ws.once('error', reject);
    });
    ws.close();
    expect(upgrade['content-security-policy']).toBeUndefined();
    expect(upgrade.upgrade).toBe('websocket');
  });

  it('builds an index.html with no inline script, handler or style', () => {
    const index = fs.readFileSync(path.join(built, 'index.html'), 'utf8');
    const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\ssrc="\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(index).not.toMatch(/\son[a-z]+\s*=/i);
    expect(index).not.toMatch(/<style\b/i);
    expect(index).not.toMatch(/\sstyle\s*=/i);
    expect(index).not.toMatch(/javascript:/i);
  });
});
