import type { WebSocket } from 'ws';
import { mergeQueuedUpdates } from './merge-queued.ts';

/** WebSocket readyState OPEN. */
const OPEN = 1;

/**
 * Back-pressure for one socket. Frames the room cannot take yet (the sender is over its budget) wait
 * here, in order, while the socket is not read: TCP flow control then holds the sender, who is slowed,
 * never cut off. When the budget has refilled they are offered again (runs of updates merged into one)
 * and reading resumes once all are taken. Pausing costs a timer, so there is no close for going fast.
 *
 * `ws` may still deliver the frames of the chunk it was parsing when the socket paused (a read is at
 * most 64 KiB, plus one frame under the size cap), so the queue stays small; one that grows past
 * `maxQueuedBytes` means frames that bypass flow control, and `overflow` is called.
 */
export class InboundQueue {
  private queue: Uint8Array[] = [];
  /** Index of the next frame to offer (frames before it are taken; cheaper than shifting). */
  private head = 0;
  private queuedBytes = 0;
  /** Whether frames arrived since the queue was last merged. */
  private unmerged = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly socket: WebSocket,
    /** Hands one frame to the room: 0 when taken, else milliseconds until it can be (see Room.receive). */
    private readonly take: (data: Uint8Array) => number,
    private readonly maxQueuedBytes: number,
    private readonly overflow: () => void,
  ) {}

  /** Whether frames are waiting (the socket is paused). */
  get waiting(): boolean {
    return this.head < this.queue.length;
  }

  push(data: Uint8Array): void {
    if (!this.waiting) {
      const wait = this.take(data);
      if (wait > 0) this.hold(data, wait);
      return;
    }
    this.enqueue(data);
  }

  /** Holds `data`, which the room could not take (offered again in `ms`), and stops reading the socket. */
  hold(data: Uint8Array, ms: number): void {
    this.socket.pause();
    this.later(ms);
    this.enqueue(data);
  }

  private enqueue(data: Uint8Array): void {
    this.queue.push(data);
    this.unmerged = true;
    this.queuedBytes += data.length;
    if (this.queuedBytes > this.maxQueuedBytes) {
      this.dispose();
      this.overflow();
    }
  }

  /** Drops what waits (the socket closed). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
  }

  private later(ms: number): void {
    this.timer = setTimeout(() => this.drain(), ms);
  }

  private drain(): void {
    this.timer = null;
    if (this.unmerged) {
      // The socket is paused, so this runs about once a pause, not once a frame.
      this.queue = mergeQueuedUpdates(this.queue.slice(this.head));
      this.head = 0;
      this.unmerged = false;
      this.queuedBytes = this.queue.reduce((sum, data) => sum + data.length, 0);
    }
    while (this.waiting) {
      // A frame the room refused closes the socket: what came after it is not processed.
      if (this.socket.readyState !== OPEN) {
        this.dispose();
        return;
      }
      const wait = this.take(this.queue[this.head]!);
      if (wait > 0) {
        this.later(wait);
        return;
      }
      this.queuedBytes -= this.queue[this.head]!.length;
      this.queue[this.head++] = EMPTY; // let it go
    }
    this.queue = [];
    this.head = 0;
    this.socket.resume();
  }
}

const EMPTY = new Uint8Array();
