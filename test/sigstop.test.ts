/**
 * SIGSTOP/SIGCONT: the server process is frozen while writers keep typing (their frames queue in the
 * kernel), then resumed. Nothing typed may be lost or duplicated, every writer ends acknowledged, and
 * the file agrees with the clients — also when the freeze outlasts the ping interval.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SectionInfo } from '../shared/layout.ts';
import { type AckClient, connectWithAcks } from './helpers/ack-client.ts';
import { addSection, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, typeInto, until } from './helpers/clients.ts';
import { tempDir } from './helpers/server.ts';
import { Standby } from './helpers/standby.ts';
import { readStoredReport } from './helpers/stored-report.ts';

const writers: AckClient[] = [];
let standby: Standby | null = null;
afterEach(() => {
  for (const w of writers.splice(0)) w.destroy();
  standby?.dispose();
});

describe('SIGSTOP / SIGCONT', () => {
  it('loses nothing typed while the server was frozen, even past the ping interval', async () => {
    const dataDir = tempDir();
    standby = new Standby(dataDir, { PING_INTERVAL_MS: '300' }, 1);
    const server = await standby.start(0);
    const base = `http://127.0.0.1:${server.port}`;
    const leader = await registerAdmin(base);
    const reportId = await createReport(base, leader);
    const sections: SectionInfo[] = [];
    for (let i = 0; i < 3; i++) {
      const w = await createUser(base, leader, `typist${i}`, `打字员${i}`);
      await setRole(base, leader, reportId, w.id, 'writer');
      sections.push(await addSection(base, leader, reportId, `第${i + 1}节`, [w.id]));
      writers.push(connectWithAcks(`ws://127.0.0.1:${server.port}/ws`, reportId, w.token));
    }
    await until(() => writers.every((w) => w.provider.synced), 'synced');
    let typing = true;
    const loops = writers.map(async (w, i) => {
      for (let n = 0; typing; n++) {
        typeInto(w.doc, sections[i]!.id, `${n}，`, bodyText(w.doc, sections[i]!.id).length);
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 1500)); // five ping intervals
    server.child.kill('SIGCONT');
    await new Promise((r) => setTimeout(r, 300));
    typing = false;
    await Promise.all(loops);
    const clock = (w: AckClient) => Y.getState(w.doc.store, w.doc.clientID);
    await until(() => writers.every((w) => w.ackedClock() >= clock(w)), 'everything acknowledged', 20_000);
    const stored = readStoredReport(dataDir, reportId);
    expect(stored.integrity).toBe('ok');
    for (const [i, w] of writers.entries()) {
      expect(bodyText(stored.doc, sections[i]!.id)).toBe(bodyText(w.doc, sections[i]!.id));
    }
    expect(writers.flatMap((w) => w.closes.filter((c) => c >= 4400 && c < 4500))).toEqual([]);
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
