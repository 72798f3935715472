/**
 * Where coreport's heap per idle report + connection goes (docs/performance.md, "Memory"): heap
 * snapshots of the server before and after `--reports=N` idle reports with one connection each, the
 * new objects charged to the report, socket or library object that holds them.
 *
 *   node --import tsx bench/heap-owners.ts [--reports=1000]
 */
import fs from 'node:fs';
import path from 'node:path';
import { ThinClient } from './lib/clients.ts';
import { removeTemplate, startFixture, stopFixture, viewerReports } from './lib/fixture.ts';
import { newBytesByOwner } from './lib/heap-snapshot.ts';
import { repoRoot, tempDir } from './lib/servers.ts';
import { sleep } from './lib/stats.ts';

/** Owners by part; anything held by none of them is "(other)" (until session 4 mostly @hono/node-server's upgrade closures). */
const PARTS: Record<string, string[]> = {
  'document (yjs)': ['Doc', 'StructStore', 'Item', 'AbstractType'],
  'presence (y-protocols)': ['Awareness'],
  'socket (ws, net)': ['WebSocket', 'Receiver', 'Sender', 'Socket', 'TCP', 'HTTPParser'],
  coreport: [
    'Room',
    'UpdateLog',
    'AwarenessRelay',
    'ClientBindings',
    'SocketSession',
    'SocketConnection',
    'ConnectionBudget',
  ],
  timers: ['Timeout'],
};
const WARM = 100;

const arg = process.argv.find((a) => a.startsWith('--reports='));
const reports = arg ? Number(arg.split('=')[1]) : 1000;
const tpl = await viewerReports(reports + WARM, (n) => `第${n}号工作总结`);
const f = await startFixture('coreport', tpl, 'unused', {
  ROOM_IDLE_MS: '2000',
  NODE_OPTIONS: '--heapsnapshot-signal=SIGUSR2',
});
const out = tempDir('coreport-heap-');
const target = (i: number) => ({ ...f.target, doc: tpl.reportIds[i]! });
const clients: ThinClient[] = [];
try {
  // Warm the connection paths on other reports, then let the server unload them (as scenario e does).
  const warm = Array.from({ length: WARM }, (_, i) => new ThinClient(target(reports + i), f.viewerToken));
  await Promise.all(warm.map((c) => c.synced));
  for (const c of warm) c.close();
  await sleep(4000);
  const before = await snapshot('before');
  for (let i = 0; i < reports; i++) clients.push(new ThinClient(target(i), f.viewerToken));
  await Promise.all(clients.map((c) => c.synced));
  const after = await snapshot('after');
  const owners = new Set(Object.values(PARTS).flat());
  const bytes = newBytesByOwner(before, after, owners);
  const kb = (b: number) => (b / reports / 1024).toFixed(2);
  let total = 0;
  for (const b of bytes.values()) total += b;
  console.log(`heap per idle report + connection: ${kb(total)} KB (${reports} reports), by owner:`);
  const rows = Object.entries(PARTS).map(([part, names]) => {
    const sum = names.reduce((s, n) => s + (bytes.get(n) ?? 0), 0);
    const detail = names.filter((n) => bytes.has(n)).map((n) => `${n} ${kb(bytes.get(n)!)}`);
    return { part, KB: kb(sum), detail: detail.join(', ') };
  });
  rows.push({ part: '(other)', KB: kb(bytes.get('(other)') ?? 0), detail: 'held by none of the above' });
  console.table(rows);
} finally {
  for (const c of clients) c.close();
  await stopFixture(f);
  removeTemplate(tpl);
  fs.rmSync(out, { recursive: true, force: true });
}

/** Has the server write a heap snapshot (after a forced GC) and returns its path once complete. */
async function snapshot(name: string): Promise<string> {
  const existing = new Set(fs.readdirSync(repoRoot));
  await f.server.mem(); // forces a GC first
  process.kill(f.server.pid, 'SIGUSR2');
  for (;;) {
    await sleep(500);
    const file = fs.readdirSync(repoRoot).find((x) => !existing.has(x) && x.endsWith('.heapsnapshot'));
    if (!file) continue;
    // Streamed out by the server: complete once it ends its top-level JSON object.
    while (!complete(path.join(repoRoot, file))) await sleep(500);
    const dest = path.join(out, `${name}.heapsnapshot`);
    fs.renameSync(path.join(repoRoot, file), dest);
    return dest;
  }
}

function complete(file: string): boolean {
  const { size } = fs.statSync(file);
  if (size === 0) return false;
  const fd = fs.openSync(file, 'r');
  const last = Buffer.alloc(1);
  fs.readSync(fd, last, 0, 1, size - 1);
  fs.closeSync(fd);
  return last.toString() === '}';
}
