import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol.ts';
import { addSection, api, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, connect, synced, typeInto, until } from './helpers/clients.ts';
import { testScope } from './helpers/scope.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const { servers, clients } = testScope();

async function setup() {
  const server = await startServer();
  servers.push(server);
  const leader = await registerAdmin(server.url);
  const reportId = await createReport(server.url, leader);
  const section = await addSection(server.url, leader, reportId, '一、主要工作');
  return { server, leader, reportId, section };
}

const open = (server: TestServer, reportId: string, token: string) => {
  const c = connect(server.wsUrl, reportId, token);
  clients.push(c);
  return c;
};

/** Opens a raw socket and resolves with its close code. */
function closeCodeOf(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  });
}

describe('WebSocket admission', () => {
  it('closes 4401 without or with a bad token, 4404 for a non-member or unknown report', async () => {
    const { server, leader, reportId } = await setup();
    expect(await closeCodeOf(`${server.wsUrl}/${reportId}`)).toBe(CloseCode.notAuthenticated);
    expect(await closeCodeOf(`${server.wsUrl}/${reportId}?token=nope`)).toBe(CloseCode.notAuthenticated);
    const outsider = await createUser(server.url, leader, 'zhaoliu', '赵六');
    expect(await closeCodeOf(`${server.wsUrl}/${reportId}?token=${outsider.token}`)).toBe(CloseCode.notFound);
    expect(await closeCodeOf(`${server.wsUrl}/no-such-report?token=${leader.token}`)).toBe(
      CloseCode.notFound,
    );
  });

  it('accepts the session cookie only with an allowed Origin', async () => {
    const { server, leader, reportId } = await setup();
    const cookie = `session=${leader.token}`;
    const url = `${server.wsUrl}/${reportId}`;
    expect(await closeCodeOf(url, { cookie })).toBe(CloseCode.notAuthenticated);
    expect(await closeCodeOf(url, { cookie, origin: 'https://evil.example' })).toBe(
      CloseCode.notAuthenticated,
    );
    const ws = new WebSocket(url, { headers: { cookie, origin: server.url } });
    const first = await new Promise<Buffer>((resolve) =>
      ws.once('message', (data) => resolve(data as Buffer)),
    );
    expect(first[0]).toBe(0); // sync step 1 from the server: admitted
    ws.close();
  });

  it.each(['viewer', 'commenter'])('refuses %s writes with 4403 and stores nothing', async (role) => {
    const { server, leader, reportId, section } = await setup();
    const reader = await createUser(server.url, leader, 'duzhe', '读者甲');
    await setRole(server.url, leader, reportId, reader.id, role);
    const c = open(server, reportId, reader.token);
    await synced(c);
    const closed = c.nextClose();
    typeInto(c.doc, section.id, '我不该写入这里');
    expect((await closed).code).toBe(CloseCode.forbidden);
    const room = server.deps.rooms.get(reportId);
    expect(bodyText(room.doc, section.id)).toBe('');
    const log = server.deps.stores.db
      .prepare('SELECT COUNT(*) AS n FROM updates WHERE user_id = ?')
      .get(reader.id);
    expect(log).toEqual({ n: 0 });
  });

  it('disconnects a removed member at once', async () => {
    const { server, leader, reportId } = await setup();
    const writer = await createUser(server.url, leader, 'lisi', '李四');
    await setRole(server.url, leader, reportId, writer.id, 'writer');
    const c = open(server, reportId, writer.token);
    await synced(c);
    const closed = c.nextClose();
    const res = await api(server.url, 'DELETE', `/api/reports/${reportId}/members/${writer.id}`, {
      token: leader.token,
    });
    expect(res.status).toBe(204);
    expect((await closed).code).toBe(CloseCode.notFound);
  });

  it('closes every socket with 1001 on shutdown', async () => {
    const { server, leader, reportId } = await setup();
    const c = open(server, reportId, leader.token);
    await synced(c);
    const closed = c.nextClose();
    c.provider.shouldConnect = false;
    await server.stop();
    servers.length = 0;
    expect((await closed).code).toBe(CloseCode.goingAway);
  });

  it('lets a writer reconnect and keep writing', async () => {
    const { server, leader, reportId, section } = await setup();
    const c = open(server, reportId, leader.token);
    await synced(c);
    typeInto(c.doc, section.id, '第一段');
    c.provider.disconnect();
    typeInto(c.doc, section.id, '离线时写的，');
    c.provider.connect();
    await until(
      () => bodyText(server.deps.rooms.get(reportId).doc, section.id) === '离线时写的，第一段',
      'resync',
    );
  });
});
