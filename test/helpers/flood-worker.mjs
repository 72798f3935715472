/**
 * A flooding client in a worker thread, so its own work does not share the server's event loop (the
 * server under test runs in the test process). workerData: `{ urls, kind: 'query' | 'step1', ms,
 * client, clock }`.
 * Each socket sends frames for `ms`, only as fast as it drains, and counts the reply bytes it gets by
 * message type. Posts `{ sent, replied: {type: bytes}, closes: number[] }` when done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';

const { urls, kind, ms, client, clock } = workerData;

const varUint = (n) => {
  const out = [];
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};

/**
 * Query awareness (type 3), or a sync step 1 whose state vector claims a different clock of the
 * report's client each time: a different answer each time, so no cache can help.
 */
const frame = (n) => {
  if (kind === 'query') return new Uint8Array([3]);
  const sv = [1, ...varUint(client), ...varUint(1 + (n % (clock - 1)))];
  return new Uint8Array([0, 0, sv.length, ...sv]);
};

const replied = {};
const closes = [];
const sockets = await Promise.all(
  urls.map(
    (url) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.on('message', (data) => {
          replied[data[0]] = (replied[data[0]] ?? 0) + data.length;
        });
        ws.on('close', (code) => closes.push(code));
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      }),
  ),
);
parentPort.postMessage({ ready: true });
let sent = 0;
const end = Date.now() + ms;
while (Date.now() < end) {
  for (const ws of sockets) {
    if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > 256 * 1024) continue;
    for (let i = 0; i < 100; i++) ws.send(frame(sent++));
  }
  await new Promise((r) => setTimeout(r, 5));
}
const counted = { sent, replied: { ...replied }, closes: [...closes] };
for (const ws of sockets) ws.terminate();
parentPort.postMessage(counted);
