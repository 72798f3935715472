/**
 * The inbound pipeline over a real socket: the per-connection rate limit pauses the socket; frames that
 * arrive after a refusal are not processed; a stock client typing at a human pace never meets a limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol.ts';
import { addSection, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { editOf } from './helpers/forge.ts';
import { step2Frame, updateFrame } from './helpers/room-harness.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.stop();
});

async function setup(env: Record<string, string> = {}) {
  const server = await startServer(env);
  servers.push(server);
  const leader = await registerAdmin(server.url);
  const reportId = await createReport(server.url, leader);
  const writer = await createUser(server.url, leader, 'zhangsan', '张三');
  await setRole(server.url, leader, reportId, writer.id, 'writer');
  const own = await addSection(server.url, leader, reportId, '一、本人负责', [writer.id]);
  const other = await addSection(server.url, leader, reportId, '二、他人负责', [leader.id]);
  return { server, leader, writer, reportId, own, other };
}

/** A raw socket, resolved once the server's greeting (sync step 1) has arrived. */
function rawSocket(url: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.once('message', () => resolve({ ws, closed }));
    ws.once('error', reject);
  });
}

describe('inbound pipeline over a socket', () => {
  it('stops reading a socket over its message rate instead of closing it; its frames are taken in order later', async () => {
    const { server, writer, reportId, own } = await setup({ WS_MESSAGE_BURST: '50', WS_MESSAGE_RATE: '500' });
    const { ws, closed } = await rawSocket(`${server.wsUrl}/${reportId}?token=${writer.token}`);
    let code = 0;
    void closed.then((c) => {
      code = c;
    });
    const room = server.deps.rooms.get(reportId);
    for (let n = 0; n < 200; n++) ws.send(new Uint8Array([3])); // query awareness, 4× the burst
    ws.send(updateFrame(editOf(room.doc, 4244, (d) => typeInto(d, own.id, '排队之后'))));
    const started = Date.now();
    await until(() => bodyText(room.doc, own.id) === '排队之后', 'the edit behind the flood');
    // 150 frames over the burst at 500 a second: not before they were paid for.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(code).toBe(0);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    const c = connect(server.wsUrl, reportId, writer.token);
    clients.push(c);
    await synced(c);
    typeInto(c.doc, own.id, '限流之后照常');
    await until(() => bodyText(room.doc, own.id).includes('限流之后照常'), 'edit');
    ws.close();
  });

  it('does not process frames that arrive after a refusal', async () => {
    const { server, writer, reportId, own, other } = await setup();
    const { ws, closed } = await rawSocket(`${server.wsUrl}/${reportId}?token=${writer.token}`);
    const room = server.deps.rooms.get(reportId);
    const before = Y.encodeStateAsUpdate(room.doc);
    const forbidden = editOf(room.doc, 4242, (d) => typeInto(d, other.id, '越权'));
    const allowed = editOf(room.doc, 4243, (d) => typeInto(d, own.id, '随后'));
    ws.send(step2Frame(new Uint8Array([0, 0])));
    ws.send(updateFrame(forbidden));
    ws.send(updateFrame(allowed));
    expect(await closed).toBe(CloseCode.forbidden);
    await new Promise((r) => setTimeout(r, 50));
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
  });

  it('lets a stock client typing fast (50 keys a second) and moving its caret never meet a limit', async () => {
    const { server, writer, reportId, own } = await setup();
    const c = connect(server.wsUrl, reportId, writer.token);
    clients.push(c);
    await synced(c);
    const closes: number[] = [];
    c.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0));
    let text = '';
    for (let n = 0; n < 150; n++) {
      typeInto(c.doc, own.id, '字', text.length);
      text += '字';
      c.provider.awareness.setLocalStateField('cursor', { anchor: n });
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => bodyText(server.deps.rooms.get(reportId).doc, own.id) === text, 'all typed');
    expect(closes).toEqual([]);
  });
});
