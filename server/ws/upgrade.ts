import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** A socket error listener shared by every socket: the socket is closed anyway, nothing to report. */
export const ignoreSocketError = () => {};

/**
 * Refuses an upgrade with an HTTP status before the 101, as @hono/node-server did when this route was
 * Hono's: no body, the connection closed after it, `headers` (such as Retry-After) passed on.
 */
export function refuseUpgrade(socket: Duplex, status: number, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Length: 0',
  ];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n`);
}
