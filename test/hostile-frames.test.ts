import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol.ts';
import { type Account, addSection, api, createReport, registerAdmin } from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let reportId: string;
let sectionId: string;
let bystander: Client;

beforeAll(async () => {
  server = await startServer({ MAX_MESSAGE_BYTES: '65536' });
  leader = await registerAdmin(server.url);
  reportId = await createReport(server.url, leader);
  sectionId = (await addSection(server.url, leader, reportId, '一、主要工作')).id;
  bystander = connect(server.wsUrl, reportId, leader.token);
  await synced(bystander);
  typeInto(bystander.doc, sectionId, '原有内容不能丢。');
  await until(() => bodyText(server.deps.rooms.get(reportId).doc, sectionId) === '原有内容不能丢。', 'seed');
});

afterAll(async () => {
  bystander.destroy();
  await server.stop();
});

/** Sends `frame` on a fresh authenticated socket (after the server's greeting) and resolves with the close code. */
function sendAndWaitClose(frame: Uint8Array | string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/${reportId}?token=${leader.token}`);
    ws.once('message', () => ws.send(frame));
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  });
}

const frame = (...parts: ((e: encoding.Encoder) => void)[]) => {
  const e = encoding.createEncoder();
  for (const part of parts) part(e);
  return encoding.toUint8Array(e);
};
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n);
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b);
const raw = (b: number[]) => (e: encoding.Encoder) => encoding.writeUint8Array(e, new Uint8Array(b));

const corruptUpdate = () => {
  const doc = new Y.Doc();
  doc.getXmlFragment(`body:${sectionId}`).insert(0, [new Y.XmlText('坏')]);
  const update = Y.encodeStateAsUpdate(doc);
  update[update.length - 3] = 0xff;
  return update.slice(0, update.length - 1);
};

const cases: [string, () => Uint8Array | string, number][] = [
  ['random bytes', () => new Uint8Array([0xff, 0xfe, 0x13, 0x77, 0x01]), CloseCode.protocolError],
  ['a truncated varint', () => new Uint8Array([0x80]), CloseCode.protocolError],
  [
    'a huge length prefix',
    () => frame(uint(0), uint(2), raw([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2])),
    CloseCode.protocolError,
  ],
  ['an unknown message type', () => frame(uint(42), bytes(new Uint8Array([1]))), CloseCode.protocolError],
  [
    'an unknown sync step',
    () => frame(uint(0), uint(9), bytes(new Uint8Array([0]))),
    CloseCode.protocolError,
  ],
  ['a corrupt Yjs update', () => frame(uint(0), uint(2), bytes(corruptUpdate())), CloseCode.forbidden],
  [
    'garbage as an update',
    () => frame(uint(0), uint(2), bytes(new Uint8Array([9, 9, 9, 9]))),
    CloseCode.forbidden,
  ],
  [
    'a malformed awareness update',
    () => frame(uint(1), bytes(new Uint8Array([5, 1]))),
    CloseCode.protocolError,
  ],
  ['a text frame', () => '{"type":"sync"}', CloseCode.unsupportedData],
  ['a frame over MAX_MESSAGE_BYTES', () => new Uint8Array(70_000), CloseCode.tooLarge],
];

describe('hostile frames', () => {
  it.each(cases)('%s closes that socket only, and changes nothing', async (_name, make, code) => {
    const before = Y.encodeStateAsUpdate(server.deps.rooms.get(reportId).doc);
    expect(await sendAndWaitClose(make())).toBe(code);
    const after = Y.encodeStateAsUpdate(server.deps.rooms.get(reportId).doc);
    expect(after).toEqual(before);
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
    expect(bystander.provider.wsconnected).toBe(true);
    // The bystander still works both ways.
    const expected = `续${bodyText(bystander.doc, sectionId)}`;
    typeInto(bystander.doc, sectionId, '续', 0);
    await until(
      () => bodyText(server.deps.rooms.get(reportId).doc, sectionId) === expected,
      'bystander edit',
    );
  });
});
