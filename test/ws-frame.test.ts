/**
 * Frames the server writes straight to the TCP socket (server/ws/frame.ts) are what a stock `ws` client
 * reads, for every length encoding (7-bit, 16-bit, 64-bit), and one broadcast is framed once.
 */
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { frameOf } from '../server/ws/frame.ts';

/** ws's frame parser (exported, not typed by @types/ws). */
interface FrameReceiver {
  on(event: 'message', fn: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  write(chunk: Buffer): void;
}
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameReceiver;
};

/** What a client-side `ws` Receiver makes of the written buffers. */
function decode(parts: Buffer[]): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    receiver.on('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary }));
    receiver.on('error', reject);
    for (const part of parts) receiver.write(part);
  });
}

describe('server frames', () => {
  it.each([0, 1, 125, 126, 16 * 1024, 65535, 65536, 70_000])('%i-byte messages arrive intact', async (n) => {
    const message = new Uint8Array(n);
    for (let i = 0; i < n; i++) message[i] = (i * 31 + 7) & 0xff;
    const { data, isBinary } = await decode(frameOf(message));
    expect(isBinary).toBe(true);
    expect(new Uint8Array(data)).toEqual(message);
  });

  it('frames the same message once for all its recipients, and a new one afresh', () => {
    const broadcast = new Uint8Array([0, 2, 1, 0]);
    const first = frameOf(broadcast);
    expect(frameOf(broadcast)).toBe(first);
    const next = new Uint8Array([0, 2, 1, 0]);
    expect(frameOf(next)).not.toBe(first);
  });
});
