import * as Y from 'yjs';

/**
 * Delivery latency of keystrokes, matched by Yjs struct id: a writer marks the clock of each keystroke it
 * sends (one typed character = one clock), a receiver reports every update it gets; a keystroke counts as
 * delivered to that receiver once an update covering its clock arrives. Sender and receivers live in this
 * process, so one clock (performance.now) times both ends.
 */
export class Latency {
  private readonly clocks = new Map<number, number[]>();
  private readonly times = new Map<number, number[]>();
  readonly samples: number[] = [];
  marked = 0;

  /** Records that `client` sent the struct at `clock` at time `at` (performance.now, taken before sending). */
  mark(client: number, clock: number, at: number): void {
    let c = this.clocks.get(client);
    if (!c) {
      c = [];
      this.clocks.set(client, c);
      this.times.set(client, []);
    }
    c.push(clock);
    this.times.get(client)!.push(at);
    this.marked++;
  }

  /** A receiver: call it with every update it applies (or sees on the wire). `self` skips its own keystrokes. */
  receiver(self: number | null = null): (update: Uint8Array) => void {
    const next = new Map<number, number>();
    return (update) => {
      const now = performance.now();
      const { to } = Y.parseUpdateMeta(update);
      for (const [client, end] of to) {
        if (client === self) continue;
        const clocks = this.clocks.get(client);
        if (!clocks) continue;
        const times = this.times.get(client)!;
        let i = next.get(client) ?? 0;
        while (i < clocks.length && clocks[i]! < end) this.samples.push(now - times[i++]!);
        next.set(client, i);
      }
    };
  }
}
