/**
 * The fault proxy's delay is latency, not a per-frame cost: a burst of frames leaves once the longest
 * delay has passed, in order. (It used to wait each frame's delay after the previous one had left, so a
 * connection passed only ~66 frames a second at maxDelayMs 30 and the convergence soak's clients fell
 * tens of seconds behind.) Timers are faked, so this counts frames, not milliseconds.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FaultProxy } from './helpers/fault-proxy.ts';

let upstream: WebSocketServer | null = null;
let proxy: FaultProxy | null = null;
let client: WebSocket | null = null;
afterEach(async () => {
  vi.useRealTimers();
  client?.terminate();
  await proxy?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

/** Lets sockets do their I/O without moving the (fake) clock, until `check()` holds or many turns passed. */
async function ioUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
}

it('delivers a burst of frames once the longest delay has passed, in order', async () => {
  const received: number[] = [];
  upstream = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  upstream.on('connection', (ws) => ws.on('message', (data: Buffer) => received.push(data.readUInt16BE(0))));
  await new Promise((resolve) => upstream!.once('listening', resolve));
  const port = (upstream.address() as AddressInfo).port;
  const maxDelayMs = 30;
  proxy = new FaultProxy(`ws://127.0.0.1:${port}`, { maxDelayMs, duplicate: 0, cut: 0 });
  await proxy.listening;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  client = new WebSocket(`${proxy.url}/一号报告`);
  await new Promise((resolve) => client!.once('open', resolve));
  // The proxy opens its upstream socket when the client connects; let that finish before the burst.
  await ioUntil(() => upstream!.clients.size === 1);
  const frames = 200;
  for (let i = 0; i < frames; i++) {
    const frame = Buffer.alloc(2);
    frame.writeUInt16BE(i);
    client.send(frame);
  }
  await ioUntil(() => proxy!.stats.frames === frames);
  expect(proxy.stats.frames).toBe(frames);

  await vi.advanceTimersByTimeAsync(maxDelayMs);
  await ioUntil(() => received.length === frames);
  expect(proxy.backlog).toBe(0);
  expect(received).toEqual([...Array(frames).keys()]);
});
