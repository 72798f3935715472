/**
 * Every way an upgrade to /ws/:reportId is answered, byte for byte where it matters: refusals before the
 * 101 (HTTP status, Retry-After, connection closed), refusals after it (close code and reason), and
 * admission. Upgrades are handled in the server's own upgrade listener (server/ws/route.ts); these are the
 * answers @hono/node-server's upgrade path gave, recorded before the switch, so a difference is a change
 * in behaviour (two were made on purpose, named in their test). Raw TCP sockets, so nothing is
 * interpreted by a client library.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../shared/protocol.ts';
import { type Account, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { upgradeAnswer, upgradeHead } from './helpers/raw-socket.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let outsider: Account;
let reader: Account;
let reportId: string;

beforeAll(async () => {
  server = await startServer({
    WS_MAX_PER_USER: '2',
    WS_MAX_PER_IP: '3',
    WS_ATTEMPT_BURST: '20',
    WS_ATTEMPT_RATE: '1',
  });
  leader = await registerAdmin(server.url);
  outsider = await createUser(server.url, leader, 'waibu', '外部人员');
  reportId = await createReport(server.url, leader);
  reader = await createUser(server.url, leader, 'duzhe', '读者甲');
  await setRole(server.url, leader, reportId, reader.id, 'viewer');
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await server.stop();
});

const SWITCHING = 'HTTP/1.1 101 Switching Protocols';
const head = (path: string, extra: string[] = [], method = 'GET') =>
  upgradeHead(server.port, path, extra, method);
/** Each test from an address of its own, so the attempt throttle and per-IP caps count only its requests. */
const ask = (lines: string[], from: string) => upgradeAnswer(server.port, lines, from);
const held: net.Socket[] = [];
/** Opens a socket that stays open (it is never answered) once the server's first bytes arrive. */
const hold = (lines: string[], from: string) =>
  new Promise<void>((resolve) => {
    const socket = net.connect({ port: server.port, host: '127.0.0.1', localAddress: from });
    held.push(socket);
    socket.on('error', () => {});
    socket.once('data', () => resolve());
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });

describe('admitted', () => {
  it('with ?token=, or with the session cookie and this server as Origin: 101, then sync step 1', async () => {
    const byToken = await ask(head(`/ws/${reportId}?token=${leader.token}`), '127.0.1.1');
    expect(byToken).toMatchObject({ status: SWITCHING, close: null, firstFrame: 0x82 });
    expect(byToken.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    const byCookie = await ask(
      head(`/ws/${reportId}`, [`Cookie: session=${leader.token}`, `Origin: http://127.0.0.1:${server.port}`]),
      '127.0.1.1',
    );
    expect(byCookie).toMatchObject({ status: SWITCHING, close: null, firstFrame: 0x82 });
  });

  it('resolves dot segments before matching the route, as the URL parser did', async () => {
    const answer = await ask(head(`/x/../ws/${reportId}?token=${leader.token}`), '127.0.1.2');
    expect(answer).toMatchObject({ status: SWITCHING, firstFrame: 0x82 });
  });
});

describe('refused after the 101 (browsers cannot read a refused upgrade)', () => {
  const closed = (code: number, reason: string) => ({ status: SWITCHING, close: { code, reason } });

  it('4401 without a token, with a bad one, or with a cookie but no allowed Origin', async () => {
    const from = '127.0.2.1';
    expect(await ask(head(`/ws/${reportId}`), from)).toMatchObject(
      closed(CloseCode.notAuthenticated, 'not authenticated'),
    );
    expect(await ask(head(`/ws/${reportId}?token=nope`), from)).toMatchObject(
      closed(CloseCode.notAuthenticated, 'not authenticated'),
    );
    const cookie = `Cookie: session=${leader.token}`;
    const originRefused = closed(CloseCode.notAuthenticated, 'origin not allowed for cookie sign-in');
    expect(await ask(head(`/ws/${reportId}`, [cookie]), from)).toMatchObject(originRefused);
    expect(await ask(head(`/ws/${reportId}`, [cookie, 'Origin: https://evil.example']), from)).toMatchObject(
      originRefused,
    );
  });

  it('4404 for a report the user is not a member of, or that does not exist', async () => {
    const from = '127.0.2.2';
    const missing = closed(CloseCode.notFound, 'no such report');
    expect(await ask(head(`/ws/${reportId}?token=${outsider.token}`), from)).toMatchObject(missing);
    expect(await ask(head(`/ws/no-such-report?token=${leader.token}`), from)).toMatchObject(missing);
  });
});

describe('refused before the 101', () => {
  const tooMany = { status: 'HTTP/1.1 429 Too Many Requests', close: null };

  it('429 with Retry-After past the per-user cap, then past the per-IP cap, and the connection is closed', async () => {
    const from = '127.0.3.1';
    const user = `/ws/${reportId}?token=${leader.token}`;
    await hold(head(user), from);
    await hold(head(user), from);
    const overUser = await ask(head(user), from);
    expect(overUser).toMatchObject(tooMany);
    expect(overUser.headers).toMatchObject({
      'retry-after': '1',
      connection: 'close',
      'content-length': '0',
    });
    // Another user from the same address takes its third slot; the fourth is over the per-IP cap.
    await hold(head(`/ws/${reportId}?token=${reader.token}`), from);
    const overIp = await ask(head(`/ws/${reportId}`), from);
    expect(overIp).toMatchObject(tooMany);
    expect(overIp.headers['retry-after']).toBe('1');
    // Another address is counted on its own (not signed in: no user to count).
    expect(await ask(head(`/ws/${reportId}`), '127.0.3.5')).toMatchObject({
      status: SWITCHING,
      close: { code: CloseCode.notAuthenticated, reason: 'not authenticated' },
    });
    for (const socket of held.splice(0)) socket.destroy();
  });

  it('429 with Retry-After to an address that tries too often, whatever the request', async () => {
    const from = '127.0.3.2';
    let answer = await ask(head(`/ws/${reportId}?token=nope`), from);
    for (let n = 0; n < 25 && answer.status === SWITCHING; n++)
      answer = await ask(head(`/ws/${reportId}?token=nope`), from);
    expect(answer).toMatchObject(tooMany);
    expect(answer.headers['retry-after']).toBe('1');
    expect(await ask(head(`/ws/${reportId}?token=${leader.token}`), from)).toMatchObject(tooMany);
  });

  it("ws's own handshake checks, after the others: 400 for a bad key or a missing version, 405 for another method", async () => {
    const from = '127.0.3.3';
    const path = `/ws/${reportId}`; // not signed in: counted for the address only
    const badKey = head(path).map((l) => (l.startsWith('Sec-WebSocket-Key') ? 'Sec-WebSocket-Key: x' : l));
    expect((await ask(badKey, from)).status).toBe('HTTP/1.1 400 Bad Request');
    const noVersion = head(path).filter((l) => !l.startsWith('Sec-WebSocket-Version'));
    expect((await ask(noVersion, from)).status).toBe('HTTP/1.1 400 Bad Request');
    for (const method of ['HEAD', 'POST'])
      expect((await ask(head(path, [], method), from)).status).toBe('HTTP/1.1 405 Method Not Allowed');
  });

  it('404 for another path (was whatever the web app answered there), 400 for another protocol (was no answer)', async () => {
    const from = '127.0.3.4';
    const token = `?token=${leader.token}`;
    for (const path of [`/${token}`, `/ws/${token}`, `/ws/${reportId}/b${token}`, `/api/reports${token}`])
      expect((await ask(head(path), from)).status, path).toBe('HTTP/1.1 404 Not Found');
    const h2c = head(`/ws/${reportId}${token}`).map((l) => (l.startsWith('Upgrade:') ? 'Upgrade: h2c' : l));
    expect((await ask(h2c, from)).status).toBe('HTTP/1.1 400 Bad Request');
  });
});
