/**
 * Back-pressure instead of cut-offs (issue 12): a stock y-websocket 3.x client with its default options,
 * at the server's default limits, that sends a burst far over its message budget is slowed, not closed
 * (a 44xx close would be final for it: everything typed afterwards would reach nobody). Every edit
 * arrives at a second client, the writer keeps writing afterwards, and everything is on disk.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { DEFAULT_INBOUND_LIMITS } from '../server/rooms/inbound-limits.ts';
import { addSection, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, defaultClient, typeInto, until } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const servers: TestServer[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) await s.stop();
});

/** A stock client with default options, destroyed after the test. */
function stockClient(wsUrl: string, reportId: string, token: string, doc?: Y.Doc) {
  const client = defaultClient(wsUrl, reportId, token, doc);
  cleanups.push(client.destroy);
  return client;
}

const SENTENCE = '一、主要工作完成情况：全年完成调研报告X份，组织培训X次。';

describe('a burst over the message budget, at the default limits', () => {
  it('5,000 updates in one go from a stock client all arrive, the client keeps writing, all is stored', async () => {
    const BURST = 5000;
    expect(BURST).toBeGreaterThan(DEFAULT_INBOUND_LIMITS.messageBurst * 4);
    let server = await startServer();
    servers.push(server);
    const leader = await registerAdmin(server.url);
    const reportId = await createReport(server.url, leader);
    const reader = await createUser(server.url, leader, 'lisi', '李四');
    await setRole(server.url, leader, reportId, reader.id, 'viewer');
    const section = await addSection(server.url, leader, reportId, '一、主要工作', [leader.id]);

    const writer = stockClient(server.wsUrl, reportId, leader.token);
    const watcher = stockClient(server.wsUrl, reportId, reader.token);
    await until(() => writer.provider.synced && watcher.provider.synced, 'both synced');

    let expected = '';
    for (let n = 0; n < BURST; n++) {
      const ch = SENTENCE[n % SENTENCE.length]!;
      typeInto(writer.doc, section.id, ch, expected.length); // one transaction, one update message each
      expected += ch;
    }
    const arrived = () => {
      if (writer.closes.length > 0) throw new Error(`writer closed with ${writer.closes}`);
      return bodyText(watcher.doc, section.id) === expected;
    };
    await until(arrived, 'the whole burst at the watcher', 25_000);
    expect(writer.closes).toEqual([]);
    expect(writer.provider.wsconnected).toBe(true);

    // Still connected, still heard.
    typeInto(writer.doc, section.id, '（完）', expected.length);
    expected += '（完）';
    await until(() => bodyText(watcher.doc, section.id) === expected, 'the next edit at the watcher');
    expect(writer.closes).toEqual([]);

    // Everything is on disk: a restarted server serves it to a fresh client.
    for (const c of cleanups.splice(0)) c();
    const { dataDir } = server;
    await server.stop();
    servers.pop();
    server = await startServer({ DATA_DIR: dataDir });
    servers.push(server);
    const fresh = stockClient(server.wsUrl, reportId, reader.token);
    await until(() => fresh.provider.synced, 'fresh client synced');
    expect(bodyText(fresh.doc, section.id)).toBe(expected);
  }, 40_000);
});
