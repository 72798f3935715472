/** WebSocket clients below the stock provider: to see HTTP refusals, and to misbehave on purpose. */
import net from 'node:net';
import { WebSocket } from 'ws';

export type Outcome = { kind: 'http'; status: number } | { kind: 'closed'; code: number; reason: string };

/**
 * Opens a socket and resolves with how it ended: an HTTP status when the upgrade was refused, or the close
 * code. `stayOpen` keeps an admitted socket open (resolving with code 0) instead of waiting for a close.
 */
export function openOutcome(
  url: string,
  options: { localAddress?: string; stayOpen?: (ws: WebSocket) => void } = {},
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress: options.localAddress });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ kind: 'http', status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('message', () => {
      if (!options.stayOpen) return;
      options.stayOpen(ws);
      resolve({ kind: 'closed', code: 0, reason: 'open' });
    });
    ws.once('close', (code, reason) => resolve({ kind: 'closed', code, reason: reason.toString() }));
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/** A raw upgrade from `localAddress`; resolves with the HTTP status refusing it, or 101, and the socket. */
export function upgradeStatus(url: string, localAddress: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; socket: WebSocket }>((resolve, reject) => {
    const socket = new WebSocket(url, { localAddress, headers });
    socket.once('upgrade', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, socket }));
    socket.once('error', reject);
  });
}

/**
 * A hand-made upgrade over a plain TCP socket that never answers anything, not even a close frame:
 * resolves with the HTTP status line and a promise of the moment the server drops the TCP connection.
 */
export function rawUpgrade(
  port: number,
  path: string,
  complete = true,
): Promise<{ status: string; ended: Promise<number>; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    const ended = new Promise<number>((r) => socket.once('close', () => r(Date.now() - started)));
    socket.on('error', () => {});
    const head = [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
    ].join('\r\n');
    socket.write(complete ? `${head}\r\n\r\n` : `${head}\r\n`);
    if (!complete) {
      socket.resume(); // read whatever the server answers, so its close is seen
      resolve({ status: '', ended, socket });
      return;
    }
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.resume(); // frames are read and dropped: nothing is ever answered, not even a close
      resolve({ status: buffered.slice(0, end), ended, socket });
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('closed before a status line')));
  });
}

/** How the server answered a hand-made upgrade request: its status line and headers, and a close frame if one came. */
export interface UpgradeAnswer {
  status: string;
  headers: Record<string, string>;
  close: { code: number; reason: string } | null;
  /** The first frame's opcode byte after a 101 (0x82: binary, the sync step 1 of an admitted socket). */
  firstFrame: number | null;
}

/**
 * Sends `head` (request line and headers, without the blank line) over a plain TCP socket from
 * `localAddress` and reads the answer until the server closes or `waitMs` pass; the socket is then cut.
 */
export function upgradeAnswer(
  port: number,
  head: string[],
  localAddress = '127.0.0.1',
  waitMs = 1500,
): Promise<UpgradeAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const text = received.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const [status = '', ...lines] = (end < 0 ? text : text.slice(0, end)).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = end < 0 ? Buffer.alloc(0) : received.subarray(end + 4);
      const close =
        rest.length >= 4 && rest[0] === 0x88
          ? { code: rest.readUInt16BE(2), reason: rest.subarray(4, 2 + (rest[1]! & 0x7f)).toString() }
          : null;
      resolve({ status, headers, close, firstFrame: rest.length > 0 ? rest[0]! : null });
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // A head and a whole first frame after it (close frames here are short): nothing more to wait for.
      const end = received.indexOf('\r\n\r\n');
      if (end >= 0 && received.length >= end + 6 && received.length >= end + 6 + (received[end + 5]! & 0x7f))
        finish();
    });
    socket.on('error', () => {});
    socket.on('close', finish);
    setTimeout(finish, waitMs);
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
  });
}

/** A well-formed upgrade request's head for `path` (add or replace lines to make it otherwise). */
export function upgradeHead(port: number, path: string, extra: string[] = [], method = 'GET'): string[] {
  return [
    `${method} ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...extra,
  ];
}
