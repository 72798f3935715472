import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SectionInfo } from '../shared/layout.ts';
import { type Account, addSection, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { repoRoot, tempDir } from './helpers/server.ts';

const children: ChildProcess[] = [];
const clients: Client[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of children.splice(0)) p.kill('SIGKILL');
});

/** Starts the server in a child process and resolves with its port. */
function spawnServer(dataDir: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'test/helpers/server-process.ts')],
    {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (data: Buffer) => resolve({ port: Number(data.toString().trim()), child }));
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

/** Every struct `seen` has is also in `stored`. */
const covers = (stored: Y.Doc, seen: Y.Doc) => {
  const have = Y.decodeStateVector(Y.encodeStateVector(stored));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(seen))) {
    if ((have.get(client) ?? 0) < clock) return false;
  }
  return true;
};

describe('kill -9', () => {
  it('loses nothing that any other client had already received', async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    const base = `http://127.0.0.1:${first.port}`;
    const wsUrl = `ws://127.0.0.1:${first.port}/ws`;
    const leader = await registerAdmin(base);
    const reportId = await createReport(base, leader);
    const writers: Account[] = [];
    const sections: SectionInfo[] = [];
    for (const name of ['甲', '乙', '丙']) {
      const w = await createUser(base, leader, `writer-${writers.length}`, `撰稿人${name}`);
      await setRole(base, leader, reportId, w.id, 'writer');
      writers.push(w);
      sections.push(await addSection(base, leader, reportId, `${name}部分`, [w.id]));
    }
    const typists = writers.map((w) => connect(wsUrl, reportId, w.token));
    const observer = connect(wsUrl, reportId, leader.token);
    clients.push(...typists, observer);
    await Promise.all([...typists, observer].map(synced));

    let typing = true;
    const loops = typists.map(async (t, i) => {
      for (let n = 0; typing; n++) {
        typeInto(t.doc, sections[i]!.id, `${n}。`, 0);
        await new Promise((r) => setTimeout(r, 3));
      }
    });
    await until(
      () => sections.every((s) => bodyText(observer.doc, s.id).length > 200),
      'enough typing',
      20_000,
    );
    first.child.kill('SIGKILL');
    typing = false;
    await Promise.all(loops);
    const seen = Y.encodeStateAsUpdate(observer.doc);
    for (const c of clients.splice(0)) c.destroy();

    const second = await spawnServer(dataDir);
    const after = connect(`ws://127.0.0.1:${second.port}/ws`, reportId, leader.token);
    clients.push(after);
    await synced(after);
    const seenDoc = new Y.Doc();
    Y.applyUpdate(seenDoc, seen);
    expect(covers(after.doc, seenDoc)).toBe(true);
    for (const s of sections) expect(bodyText(after.doc, s.id).endsWith(bodyText(seenDoc, s.id))).toBe(true);
  });
});

describe('SIGTERM', () => {
  it('flushes, closes sockets with 1001 and exits 0', async () => {
    const dataDir = tempDir();
    const { port, child } = await spawnServer(dataDir);
    const leader = await registerAdmin(`http://127.0.0.1:${port}`);
    const reportId = await createReport(`http://127.0.0.1:${port}`, leader);
    const section = await addSection(`http://127.0.0.1:${port}`, leader, reportId, '一、');
    const c = connect(`ws://127.0.0.1:${port}/ws`, reportId, leader.token);
    clients.push(c);
    await synced(c);
    typeInto(c.doc, section.id, '关机前写的');
    await new Promise((r) => setTimeout(r, 100));
    const closed = c.nextClose();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    c.provider.shouldConnect = false;
    child.kill('SIGTERM');
    expect((await closed).code).toBe(1001);
    expect(await exited).toBe(0);
    const again = await spawnServer(dataDir);
    const c2 = connect(`ws://127.0.0.1:${again.port}/ws`, reportId, leader.token);
    clients.push(c2);
    await synced(c2);
    expect(bodyText(c2.doc, section.id)).toBe('关机前写的');
  });
});
