/**
 * An edit over MAX_MESSAGE_BYTES (issue 13.6): a long offline session or a big paste arrives as one
 * sync step 2 of several MiB. Edits are admitted up to MAX_UPDATE_BYTES (8 MiB), so a stock client with
 * 3 MiB of offline text syncs instead of looping on 1009; other messages stay capped at 1 MiB.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addSection, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, defaultClient, typeParagraph, until } from './helpers/clients.ts';
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

describe('an edit larger than MAX_MESSAGE_BYTES', () => {
  it('a stock client with 3 MiB of offline text syncs it, and it is stored', async () => {
    let server = await startServer();
    servers.push(server);
    const leader = await registerAdmin(server.url);
    const reportId = await createReport(server.url, leader);
    const reader = await createUser(server.url, leader, 'lisi', '李四');
    await setRole(server.url, leader, reportId, reader.id, 'viewer');
    const section = await addSection(server.url, leader, reportId, '二、调研发现', [leader.id]);

    // Written offline on top of the server's state (what the client had from an earlier visit).
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(server.deps.rooms.get(reportId).doc));
    const paragraph = '（一）基层调研情况：走访X个乡镇，召开座谈会X次，收集意见建议X条。'.repeat(100);
    const paragraphs = Math.ceil((3 * 1024 * 1024) / Buffer.byteLength(paragraph));
    offline.transact(() => {
      for (let n = 0; n < paragraphs; n++) typeParagraph(offline, section.id, paragraph);
    });
    const expected = bodyText(offline, section.id);
    expect(Buffer.byteLength(expected)).toBeGreaterThan(3 * 1024 * 1024);
    expect(Y.encodeStateAsUpdate(offline).length).toBeGreaterThan(server.deps.config.maxMessageBytes * 3);

    const watcher = stockClient(server.wsUrl, reportId, reader.token);
    const writer = stockClient(server.wsUrl, reportId, leader.token, offline);
    const arrived = () => {
      if (writer.closes.length > 0) throw new Error(`writer closed with ${writer.closes}`);
      return bodyText(watcher.doc, section.id) === expected;
    };
    await until(arrived, 'the offline text at the watcher', 20_000);

    for (const c of cleanups.splice(0)) c();
    const { dataDir } = server;
    await server.stop();
    servers.pop();
    server = await startServer({ DATA_DIR: dataDir });
    servers.push(server);
    const fresh = stockClient(server.wsUrl, reportId, reader.token);
    await until(() => fresh.provider.synced, 'fresh client synced', 20_000);
    expect(bodyText(fresh.doc, section.id)).toBe(expected);
  }, 60_000);
});
