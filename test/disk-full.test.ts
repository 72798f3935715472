/**
 * A real full disk, end to end: SQLite is capped with `PRAGMA max_page_count`, so appends fail with
 * SQLITE_FULL. The writer gets no ack, nobody else sees the unstored text, a REST change answers 503,
 * the server stays up; once space is back the retry stores everything, relays it and acks it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bodyRoot } from '../shared/layout.ts';
import { CloseCode } from '../shared/protocol.ts';
import { connectWithAcks } from './helpers/ack-client.ts';
import { api, createReport, registerAdmin, reportWithWriter } from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeParagraph, until } from './helpers/clients.ts';
import { openOutcome } from './helpers/raw-socket.ts';
import { startServer, type TestServer } from './helpers/server.ts';
import { readStoredReport } from './helpers/stored-report.ts';

const servers: TestServer[] = [];
const clients: { destroy(): void }[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.stop();
});

describe('disk full', () => {
  it('holds, hides and retries unstored edits, then stores, relays and acknowledges them', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await startServer();
    servers.push(server);
    const { leader, writer, reportId, section } = await reportWithWriter(server.url, {
      writer: ['lihua', '李华'],
    });
    const typist = connectWithAcks(server.wsUrl, reportId, writer.token);
    const observer: Client = connect(server.wsUrl, reportId, leader.token);
    clients.push(typist, observer);
    await until(() => typist.provider.synced, 'typist synced');
    await synced(observer);

    const db = server.deps.stores.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const text = `一是${'深入基层调研，'.repeat(600)}`;
    typeParagraph(typist.doc, section.id, text);
    const room = server.deps.rooms.get(reportId);
    await until(() => room.storageFailing, 'append failing');
    await new Promise((r) => setTimeout(r, 300));
    expect(typist.ackedClock()).toBe(0);
    expect(bodyText(observer.doc, section.id)).toBe('');
    expect(bodyText(room.doc, section.id)).toBe(text); // held in memory
    expect(bodyText(readStoredReport(server.dataDir, reportId).doc, section.id)).toBe('');
    const refused = await api(server.url, 'PATCH', `/api/reports/${reportId}/sections/${section.id}`, {
      token: leader.token,
      body: { title: '一、主要工作（修订）' },
    });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('storage_unavailable');
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('kept in memory, not relayed, retrying'),
      expect.anything(),
    );

    db.pragma('max_page_count = 1073741823');
    await until(() => typist.ackedClock() > 0, 'ack after recovery', 15_000);
    await until(() => bodyText(observer.doc, section.id) === text, 'relayed after recovery');
    expect(bodyText(readStoredReport(server.dataDir, reportId).doc, section.id)).toBe(text);
    expect(observer.doc.getXmlFragment(bodyRoot(section.id)).length).toBe(1);
  });

  it('a report that cannot be loaded closes the socket with 1013, and opens once storage is back', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await startServer();
    servers.push(server);
    const leader = await registerAdmin(server.url);
    const reportId = await createReport(server.url, leader);
    await until(() => server.deps.rooms.peek(reportId) !== undefined, 'loaded');
    server.deps.rooms.closeAll(); // unload it, as after an idle period
    const docs = server.deps.stores.docs;
    const load = docs.load.bind(docs);
    docs.load = () => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    };
    expect(await openOutcome(`${server.wsUrl}/${reportId}?token=${leader.token}`)).toMatchObject({
      kind: 'closed',
      code: CloseCode.tryAgainLater,
    });
    docs.load = load;
    const c = connect(server.wsUrl, reportId, leader.token);
    clients.push(c);
    await synced(c);
  });
});
