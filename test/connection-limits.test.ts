import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { addSection, createReport, registerAdmin } from './helpers/api.ts';
import { connect, synced, typeParagraph, until } from './helpers/clients.ts';
import { testScope } from './helpers/scope.ts';
import { startServer } from './helpers/server.ts';

const { servers, clients } = testScope();

/** A raw socket that stops reading after the server's greeting: it never drains data nor answers pings. */
function stalledSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { autoPong: false });
    ws.once('message', () => {
      (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      resolve(ws);
    });
    ws.on('error', reject);
  });
}

describe('per-socket limits', () => {
  it('drops a slow reader once its outbound queue passes the cap; others keep going', async () => {
    const server = await startServer({ MAX_BUFFERED_BYTES: '65536', PING_INTERVAL_MS: '600000' });
    servers.push(server);
    const leader = await registerAdmin(server.url);
    const reportId = await createReport(server.url, leader);
    const section = await addSection(server.url, leader, reportId, '一、主要工作');
    const slow = await stalledSocket(`${server.wsUrl}/${reportId}?token=${leader.token}`);
    const writer = connect(server.wsUrl, reportId, leader.token);
    clients.push(writer);
    await synced(writer);
    const room = server.deps.rooms.get(reportId);
    expect(room.connections.size).toBe(2);
    const paragraph = '围绕中心工作开展调研，形成高质量调研报告，'.repeat(1500);
    for (let i = 0; i < 600 && room.connections.size > 1; i++) {
      typeParagraph(writer.doc, section.id, paragraph);
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => room.connections.size === 1, 'slow reader dropped');
    expect(writer.provider.wsconnected).toBe(true);
    slow.terminate();
  });

  it('drops a peer that stops answering pings', async () => {
    const server = await startServer({ PING_INTERVAL_MS: '50' });
    servers.push(server);
    const leader = await registerAdmin(server.url);
    const reportId = await createReport(server.url, leader);
    const dead = await stalledSocket(`${server.wsUrl}/${reportId}?token=${leader.token}`);
    const live = connect(server.wsUrl, reportId, leader.token);
    clients.push(live);
    await synced(live);
    const room = server.deps.rooms.get(reportId);
    await until(() => room.connections.size === 1, 'dead peer dropped');
    await new Promise((r) => setTimeout(r, 200));
    expect(live.provider.wsconnected).toBe(true);
    expect(room.connections.size).toBe(1);
    dead.terminate();
  });
});
