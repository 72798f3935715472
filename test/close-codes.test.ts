/**
 * The close-code table (shared/close-codes.ts) against the stock client, the server's code and the docs:
 * for every code the server sends, a stock y-websocket 3.x provider with default options reconnects
 * exactly when the table says so, and only 4401/4403/4404 (where reconnecting cannot help) are final;
 * no `.close(` in server/ passes a bare number; docs/enforcement.md lists every code with the same
 * retry columns.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_SEMANTICS, CloseCode, type CloseCodeName, FINAL_CLOSE_CODES } from '../shared/close-codes.ts';
import { repoRoot } from './helpers/server.ts';

const names = Object.keys(CloseCode) as CloseCodeName[];

/** Whether a stock provider reconnects after a server that closes every socket at once with `code`. */
async function stockReconnects(code: number): Promise<boolean> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  let connections = 0;
  wss.on('connection', (ws) => {
    connections++;
    ws.close(code, 'test');
  });
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, 'r', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  let final = false;
  provider.on('closed', () => {
    final = true;
  });
  try {
    const started = Date.now();
    // The first retry comes 200 ms after the close; `closed` comes with the close itself.
    while (!final && connections < 2) {
      if (Date.now() - started > 5000) throw new Error(`no decision after close ${code}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return connections >= 2;
  } finally {
    provider.destroy();
    doc.destroy();
    for (const ws of wss.clients) ws.terminate();
    await new Promise((r) => wss.close(r));
  }
}

describe('close codes', () => {
  it('the stock client reconnects after exactly the codes the table says; only 4401/4403/4404 are final', async () => {
    const observed = await Promise.all(names.map((name) => stockReconnects(CloseCode[name])));
    const table = Object.fromEntries(names.map((name) => [name, CLOSE_SEMANTICS[name].stockRetries]));
    expect(Object.fromEntries(names.map((name, i) => [name, observed[i]]))).toEqual(table);
    for (const name of names) {
      if (!CLOSE_SEMANTICS[name].stockRetries) expect(FINAL_CLOSE_CODES).toContain(CloseCode[name]);
    }
    expect(FINAL_CLOSE_CODES).toEqual([CloseCode.notAuthenticated, CloseCode.forbidden, CloseCode.notFound]);
  });

  it('the server closes sockets with named codes only', () => {
    const files = fs
      .readdirSync(path.join(repoRoot, 'server'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(20);
    const literal: string[] = [];
    let named = 0;
    for (const file of files) {
      const text = fs.readFileSync(path.join(repoRoot, 'server', file), 'utf8');
      for (const m of text.matchAll(/\.close\(\s*([^,)\s]+)/g)) {
        if (/^\d/.test(m[1]!)) literal.push(`${file}: ${m[0]}`);
        else named++;
      }
      for (const m of text.matchAll(/\bcode:\s*\d+/g)) literal.push(`${file}: ${m[0]}`);
      for (const m of text.matchAll(/CloseCode\.(\w+)/g)) expect(names).toContain(m[1]);
    }
    expect(literal).toEqual([]);
    expect(named).toBeGreaterThan(10);
  });

  it('docs/enforcement.md lists every code with the same retry semantics', () => {
    const doc = fs.readFileSync(path.join(repoRoot, 'docs/enforcement.md'), 'utf8');
    const rows = new Map<number, { stock: string; ours: string }>();
    for (const m of doc.matchAll(/^\| (\d{4}) \|[^|]*\| (yes|no)[^|]*\| (yes|no)[^|]*\|$/gm)) {
      rows.set(Number(m[1]), { stock: m[2]!, ours: m[3]! });
    }
    const yes = (b: boolean) => (b ? 'yes' : 'no');
    const expected = new Map(
      names.map((name) => [
        CloseCode[name] as number,
        { stock: yes(CLOSE_SEMANTICS[name].stockRetries), ours: yes(CLOSE_SEMANTICS[name].oursRetries) },
      ]),
    );
    expect(rows).toEqual(expected);
  });
});
