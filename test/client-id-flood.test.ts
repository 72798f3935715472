/**
 * Issue 13 item 4 on a real server: a writer without a section floods a report with new Yjs client ids
 * (GC structs only, which write no section and so pass the section check). Unbounded, the state vector
 * grew to 10 MB in 20 s, every ack with it, and stock clients were closed with 1013 for good. Now one
 * update may bring NEW_CLIENT_IDS_PER_MESSAGE new ids and a user NEW_CLIENT_IDS_PER_HOUR per report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode, MessageType, SyncStep } from '../shared/protocol.ts';
import { type Account, addSection, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, connect, synced, typeInto, until } from './helpers/clients.ts';
import { encodeUpdate } from './helpers/forge.ts';
import { step1Frame, updateFrame } from './helpers/room-harness.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let flooder: Account;
let reportId: string;
let sectionId: string;

beforeAll(async () => {
  server = await startServer();
  leader = await registerAdmin(server.url);
  flooder = await createUser(server.url, leader, 'zhaolei', '赵磊');
  reportId = await createReport(server.url, leader);
  sectionId = (await addSection(server.url, leader, reportId, '一、主要工作', [leader.id])).id;
  await setRole(server.url, leader, reportId, flooder.id, 'writer'); // a writer with no section
});

afterAll(() => server.stop());

/** One GC struct (clock 0, length 1) under each of `count` fresh client ids from `first` on. */
const gcUnderNewIds = (first: number, count: number) =>
  encodeUpdate(
    Array.from({ length: count }, (_, i) => ({
      client: first + i,
      structs: [new Y.GC(Y.createID(first + i, 0), 1)],
    })),
  );

/**
 * Sends `update` as an update message on a fresh socket of `account`, then a sync step 1, answered only
 * after the update was handled: resolves with the close code, or 0 if the answer came (accepted).
 */
function sendUpdate(account: Account, update: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/${reportId}?token=${account.token}`);
    ws.once('message', () => {
      ws.send(updateFrame(update));
      ws.send(step1Frame(new Uint8Array([0])));
    });
    ws.on('message', (data: Buffer) => {
      if (data[0] !== MessageType.sync || data[1] !== SyncStep.step2) return;
      ws.removeAllListeners('close');
      ws.close();
      resolve(0);
    });
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  });
}

const room = () => server.deps.rooms.get(reportId);
const boundIds = () =>
  (
    server.deps.stores.db
      .prepare('SELECT COUNT(*) AS n FROM client_ids WHERE report_id = ?')
      .get(reportId) as {
      n: number;
    }
  ).n;

describe('a flood of new client ids', () => {
  it('is refused, the state vector stays small, client_ids stays bounded, and stock clients keep working', async () => {
    const official = connect(server.wsUrl, reportId, leader.token);
    await synced(official);
    typeInto(official.doc, sectionId, '一是坚持政治引领。');
    await until(() => bodyText(room().doc, sectionId) === '一是坚持政治引领。', 'seed');
    const vectorBefore = Y.encodeStateVector(room().doc).length;
    const rowsBefore = boundIds();

    // 100k new ids in one message (about 900 KB, under MAX_MESSAGE_BYTES): refused as a whole.
    expect(await sendUpdate(flooder, gcUnderNewIds(1_000_000, 100_000))).toBe(CloseCode.forbidden);
    expect(Y.encodeStateVector(room().doc).length).toBe(vectorBefore);

    // A handful per message is allowed, up to the hourly quota; then "try later" (1013), never 44xx.
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push(await sendUpdate(flooder, gcUnderNewIds(2_000_000 + i * 8, 8)));
    expect(codes.slice(0, 3)).toEqual([0, 0, 0]); // 24 of the 30 an hour
    expect(codes.slice(3)).toEqual([
      CloseCode.tryAgainLater,
      CloseCode.tryAgainLater,
      CloseCode.tryAgainLater,
    ]);
    expect(room().doc.store.clients.size).toBeLessThanOrEqual(3 + 30); // server, leader, seed + quota
    expect(Y.encodeStateVector(room().doc).length).toBeLessThan(vectorBefore + 30 * 6);
    expect(boundIds()).toBeLessThanOrEqual(rowsBefore + 30);

    // The official client was never disturbed and still writes; a newcomer syncs (small state vector).
    typeInto(official.doc, sectionId, '二是', 0);
    await until(() => bodyText(room().doc, sectionId) === '二是一是坚持政治引领。', 'edit after flood');
    expect(official.provider.wsconnected).toBe(true);
    const newcomer = connect(server.wsUrl, reportId, leader.token);
    await synced(newcomer);
    expect(bodyText(newcomer.doc, sectionId)).toBe('二是一是坚持政治引领。');
    newcomer.destroy();
    official.destroy();
  });

  it('a stock client of a user over the quota is told to try later (1013), and keeps trying', async () => {
    // The flooder used 24 of its 30 new ids an hour above: 6 more, and a new tab's presence is a 31st.
    expect(await sendUpdate(flooder, gcUnderNewIds(3_000_000, 6))).toBe(0);
    const tab = connect(server.wsUrl, reportId, flooder.token);
    const closed = await tab.nextClose();
    expect(closed).toEqual({
      code: CloseCode.tryAgainLater,
      reason: 'too many new client ids for this report, try again later',
    });
    expect(tab.provider.shouldConnect).toBe(true); // not final: y-websocket reconnects by itself
    await tab.nextClose(); // and it did, and was told again
    tab.destroy();
  });
});
