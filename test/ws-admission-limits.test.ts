/**
 * Connection hygiene before and around the upgrade: per-user and per-IP socket caps and per-IP attempt
 * throttling answer HTTP 429 before the 101; a refused socket that never answers the close handshake is
 * cut; a request that never finishes its headers is dropped; an unauthenticated flood costs nothing
 * lasting and does not disturb a signed-in writer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol.ts';
import { addSection, api, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { openOutcome, rawUpgrade } from './helpers/raw-socket.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const servers: TestServer[] = [];
const clients: Client[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.stop();
});

async function setup(env: Record<string, string>) {
  const server = await startServer(env);
  servers.push(server);
  const leader = await registerAdmin(server.url);
  const reportId = await createReport(server.url, leader);
  return { server, leader, reportId, url: `${server.wsUrl}/${reportId}` };
}

const keep = (ws: WebSocket) => sockets.push(ws);

describe('socket caps', () => {
  it('answers 429 before the upgrade past WS_MAX_PER_USER, and frees the slot when a socket closes', async () => {
    const { leader, url } = await setup({ WS_MAX_PER_USER: '2' });
    const withToken = `${url}?token=${leader.token}`;
    expect(await openOutcome(withToken, { stayOpen: keep })).toMatchObject({ code: 0 });
    expect(await openOutcome(withToken, { stayOpen: keep })).toMatchObject({ code: 0 });
    expect(await openOutcome(withToken)).toEqual({ kind: 'http', status: 429 });
    sockets.shift()!.close();
    await until(() => sockets.length === 1, 'one closed');
    let outcome = await openOutcome(withToken, { stayOpen: keep });
    for (let n = 0; n < 50 && outcome.kind === 'http'; n++) {
      await new Promise((r) => setTimeout(r, 20)); // the server sees the TCP close a moment later
      outcome = await openOutcome(withToken, { stayOpen: keep });
    }
    expect(outcome).toMatchObject({ code: 0 });
  });

  it('answers 429 past WS_MAX_PER_IP, counting every user from that address', async () => {
    const { server, leader, reportId, url } = await setup({ WS_MAX_PER_IP: '3' });
    const other = await createUser(server.url, leader, 'lisi', '李四');
    await setRole(server.url, leader, reportId, other.id, 'viewer');
    expect(await openOutcome(`${url}?token=${leader.token}`, { stayOpen: keep })).toMatchObject({ code: 0 });
    expect(await openOutcome(`${url}?token=${other.token}`, { stayOpen: keep })).toMatchObject({ code: 0 });
    expect(await openOutcome(`${url}?token=${other.token}`, { stayOpen: keep })).toMatchObject({ code: 0 });
    expect(await openOutcome(`${url}?token=${other.token}`)).toEqual({ kind: 'http', status: 429 });
    expect(await openOutcome(url)).toEqual({ kind: 'http', status: 429 });
    // Another address is counted on its own.
    expect(
      await openOutcome(`${url}?token=${leader.token}`, { localAddress: '127.0.0.2', stayOpen: keep }),
    ).toMatchObject({
      code: 0,
    });
  });
});

describe('attempt throttling', () => {
  it('answers 429 to an address that tries too often; other addresses are not affected', async () => {
    const { leader, url } = await setup({ WS_ATTEMPT_BURST: '5', WS_ATTEMPT_RATE: '1' });
    const outcomes = [];
    for (let n = 0; n < 8; n++)
      outcomes.push(await openOutcome(`${url}?token=nope`, { localAddress: '127.0.0.2' }));
    expect(outcomes.slice(0, 5)).toEqual(
      Array(5).fill({ kind: 'closed', code: CloseCode.notAuthenticated, reason: 'not authenticated' }),
    );
    expect(outcomes.slice(5)).toEqual(Array(3).fill({ kind: 'http', status: 429 }));
    expect(await openOutcome(`${url}?token=${leader.token}`, { stayOpen: keep })).toMatchObject({ code: 0 });
  });
});

describe('pre-auth caps', () => {
  it('cuts a refused socket that never answers the close handshake', async () => {
    const { server, reportId } = await setup({});
    const { status, ended } = await rawUpgrade(server.port, `/ws/${reportId}`);
    expect(status).toBe('HTTP/1.1 101 Switching Protocols');
    // ws would wait 30 s for the peer's close frame; the server cuts it after about one.
    expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r('still open'), 5000))])).not.toBe(
      'still open',
    );
  });

  it('drops a connection whose upgrade request never finishes', async () => {
    const { server, reportId } = await setup({ HEADERS_TIMEOUT_MS: '300' });
    const { ended } = await rawUpgrade(server.port, `/ws/${reportId}`, false);
    expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r('still open'), 5000))])).not.toBe(
      'still open',
    );
  });
});

describe('unauthenticated socket flood', () => {
  it('leaves no rooms or slots behind and does not disturb a signed-in writer', async () => {
    const { server, leader, reportId, url } = await setup({});
    const section = await addSection(server.url, leader, reportId, '一、主要工作');
    const writer = connect(server.wsUrl, reportId, leader.token);
    clients.push(writer);
    await synced(writer);
    const roomsBefore = server.deps.rooms.size;
    const flood = Array.from({ length: 300 }, (_, n) =>
      openOutcome(n % 2 ? `${url}?token=forged${n}` : `${server.wsUrl}/report-${n}`, {
        localAddress: '127.0.0.2',
      }),
    );
    typeInto(writer.doc, section.id, '洪水中照常写作');
    const outcomes = await Promise.all(flood);
    for (const o of outcomes) {
      expect([`closed:${CloseCode.notAuthenticated}`, 'http:429']).toContain(
        o.kind === 'http' ? `http:${o.status}` : `closed:${o.code}`,
      );
    }
    expect(outcomes.filter((o) => o.kind === 'http').length).toBeGreaterThan(0); // the throttle engaged
    await until(() => bodyText(server.deps.rooms.get(reportId).doc, section.id) === '洪水中照常写作', 'edit');
    expect(server.deps.rooms.size).toBe(roomsBefore);
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
    expect(writer.provider.wsconnected).toBe(true);
  });
});
