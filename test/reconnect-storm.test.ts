/**
 * Reconnect storm: many stock clients (20 users, three tabs each) are connected and typing when the
 * server is killed; they keep typing offline; a new server starts on the same port and they all come
 * back at once. All must resync — every client, the server and the file agreeing, offline edits
 * included — and none may be refused for good (a 44xx close stops a stock provider). Under the default
 * limits. `npm run soak` runs 150 clients through 10 restarts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SectionInfo } from '../shared/layout.ts';
import { type Account, addSection, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, type Client, connect, typeInto, until } from './helpers/clients.ts';
import { figure, scaled } from './helpers/scale.ts';
import { tempDir } from './helpers/server.ts';
import { Standby } from './helpers/standby.ts';
import { readStoredReport } from './helpers/stored-report.ts';

const clients: Client[] = [];
let standby: Standby | null = null;
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  standby?.dispose();
});

describe('reconnect storm after a restart', () => {
  it(
    'brings every client back in sync, offline edits included, and bans none',
    async () => {
      const users = scaled(20, 50);
      const tabs = 3;
      const restarts = scaled(2, 10);
      const dataDir = tempDir();
      standby = new Standby(dataDir);
      let server = await standby.start(0);
      const port = server.port;
      const base = `http://127.0.0.1:${port}`;
      const wsUrl = `ws://127.0.0.1:${port}/ws`;
      const leader = await registerAdmin(base);
      const reportId = await createReport(base, leader);
      const writers: { account: Account; section: SectionInfo; tabs: Client[] }[] = [];
      for (let i = 0; i < users; i++) {
        const account = await createUser(base, leader, `user${i}`, `同事${i}`);
        await setRole(base, leader, reportId, account.id, 'writer');
        const section = await addSection(base, leader, reportId, `（${i + 1}）分项工作`, [account.id]);
        const own = Array.from({ length: tabs }, () => connect(wsUrl, reportId, account.token));
        clients.push(...own);
        writers.push({ account, section, tabs: own });
      }
      const allSynced = () => clients.every((c) => c.provider.synced && c.provider.wsconnected);
      await until(allSynced, 'first sync', 60_000);
      const refusals: number[] = [];
      for (const c of clients) {
        c.provider.on('connection-close', (e: CloseEvent | null) => {
          if (e && e.code >= 4400 && e.code < 4500) refusals.push(e.code);
        });
      }
      const started = Date.now();
      let worst = 0;
      for (let round = 0; round < restarts; round++) {
        for (const w of writers) typeInto(w.tabs[round % tabs]!.doc, w.section.id, `在线${round}；`);
        await new Promise((r) => setTimeout(r, 100));
        await server.stop(round % 2 ? 'SIGTERM' : 'SIGKILL');
        // Typed while the server is down: must arrive after the restart.
        for (const w of writers) typeInto(w.tabs[(round + 1) % tabs]!.doc, w.section.id, `离线${round}；`);
        const down = Date.now();
        server = await standby.start(port);
        const converged = () =>
          allSynced() &&
          writers.every((w) => {
            const text = bodyText(w.tabs[0]!.doc, w.section.id);
            return (
              text.includes(`在线${round}；`) &&
              text.includes(`离线${round}；`) &&
              w.tabs.every((t) => bodyText(t.doc, w.section.id) === text)
            );
          });
        await until(converged, `round ${round}: every tab resynced`, 120_000);
        worst = Math.max(worst, Date.now() - down);
      }
      // The file agrees with every client.
      const observer = connect(wsUrl, reportId, leader.token);
      clients.push(observer);
      await until(() => observer.provider.synced, 'observer');
      const stored = readStoredReport(dataDir, reportId);
      for (const w of writers) {
        expect(bodyText(stored.doc, w.section.id)).toBe(bodyText(w.tabs[0]!.doc, w.section.id));
        expect(bodyText(observer.doc, w.section.id)).toBe(bodyText(w.tabs[0]!.doc, w.section.id));
        expect(bodyText(stored.doc, w.section.id)).toContain(`离线${restarts - 1}；`);
      }
      expect(stored.integrity).toBe('ok');
      const sv = (doc: Y.Doc) => Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));
      expect(sv(observer.doc)).toEqual(sv(stored.doc));
      expect(refusals).toEqual([]);
      figure('reconnect-storm', {
        clients: users * tabs,
        restarts,
        worstResyncMs: worst,
        totalMs: Date.now() - started,
      });
      await server.stop('SIGTERM');
    },
    scaled(120_000, 3_600_000),
  );
});
