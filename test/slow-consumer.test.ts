import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol.ts';
import { addSection, createReport, registerAdmin } from './helpers/api.ts';
import { type Client, connect, synced, typeParagraph, until } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.stop();
});

describe('slow consumer', () => {
  it('is closed with 1013 (try again later) once its outbound queue passes MAX_BUFFERED_BYTES', async () => {
    const server = await startServer({ MAX_BUFFERED_BYTES: '65536', PING_INTERVAL_MS: '600000' });
    servers.push(server);
    const leader = await registerAdmin(server.url);
    const reportId = await createReport(server.url, leader);
    const section = await addSection(server.url, leader, reportId, '一、主要工作');
    const slow = new WebSocket(`${server.wsUrl}/${reportId}?token=${leader.token}`);
    const raw = () => (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    await new Promise((resolve) => slow.once('message', resolve));
    raw().pause();
    const closed = new Promise<number>((resolve) => slow.once('close', (code) => resolve(code)));
    const writer = connect(server.wsUrl, reportId, leader.token);
    clients.push(writer);
    await synced(writer);
    const room = server.deps.rooms.get(reportId);
    // The server side of a socket it has started to close (it terminates it 1 s later).
    const closing = () =>
      [...room.connections].some(
        (c) => (c as unknown as { socket: WebSocket }).socket.readyState === WebSocket.CLOSING,
      );
    const paragraph = '围绕中心工作开展调研，形成高质量调研报告，'.repeat(1500);
    for (let i = 0; i < 600 && !closing(); i++) {
      typeParagraph(writer.doc, section.id, paragraph);
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(closing, 'slow reader being closed');
    raw().resume(); // read the backlog now: the close frame comes after it
    expect(await closed).toBe(CloseCode.tryAgainLater);
    expect(writer.provider.wsconnected).toBe(true);
  });
});
