/**
 * ConnectionBudget on its own, with an injected clock: message and byte bursts, refill at the configured
 * rates (never past the burst), a message larger than the byte burst costing one burst, and the awareness
 * bucket. Through a room and sockets: room-limits.test.ts and ws-pipeline.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  ConnectionBudget,
  DEFAULT_INBOUND_LIMITS,
  type InboundLimits,
} from '../server/rooms/inbound-limits.ts';

const LIMITS: InboundLimits = {
  ...DEFAULT_INBOUND_LIMITS,
  messageRate: 10,
  messageBurst: 5,
  byteRate: 1000,
  byteBurst: 4000,
  awarenessRate: 2,
};

function budget(limits = LIMITS) {
  const clock = { t: 0 };
  return { clock, b: new ConnectionBudget(limits, () => clock.t) };
}

describe('ConnectionBudget', () => {
  it('allows a burst of messages, then refills them at the message rate', () => {
    const { clock, b } = budget();
    for (let i = 0; i < 5; i++) expect(b.frame(10)).toBe(true);
    expect(b.frame(10)).toBe(false);
    clock.t += 100; // 10 a second: one more
    expect(b.frame(10)).toBe(true);
    expect(b.frame(10)).toBe(false);
    clock.t += 60_000; // a long pause refills to the burst, not beyond
    for (let i = 0; i < 5; i++) expect(b.frame(10)).toBe(true);
    expect(b.frame(10)).toBe(false);
  });

  it('counts bytes of frames and replies against one byte budget', () => {
    const { clock, b } = budget();
    expect(b.frame(3000)).toBe(true);
    expect(b.charge(1000)).toBe(true); // a reply the frame asked for
    expect(b.frame(1)).toBe(false);
    clock.t += 500; // 1000 bytes a second: 500 back
    expect(b.charge(600)).toBe(false);
    expect(b.charge(500)).toBe(true);
  });

  it('charges a message larger than the byte burst one burst, so it can pass once the budget is full', () => {
    const { clock, b } = budget();
    expect(b.frame(1_000_000)).toBe(true);
    expect(b.frame(1)).toBe(false);
    clock.t += 4000;
    expect(b.frame(1_000_000)).toBe(true);
  });

  it('refuses a frame over the message rate without spending bytes', () => {
    const { b } = budget({ ...LIMITS, messageBurst: 1 });
    expect(b.frame(1)).toBe(true);
    expect(b.frame(3999)).toBe(false);
    expect(b.charge(3999)).toBe(true);
  });

  it('gives awareness its own rate, with at least one update at a time', () => {
    const { clock, b } = budget();
    expect(b.awareness.take()).toBe(true);
    expect(b.awareness.take()).toBe(true);
    expect(b.awareness.take()).toBe(false);
    expect(b.awareness.msUntil()).toBe(500);
    clock.t += 500;
    expect(b.awareness.take()).toBe(true);
    const slow = budget({ ...LIMITS, awarenessRate: 0.5 }).b;
    expect(slow.awareness.take()).toBe(true);
    expect(slow.awareness.take()).toBe(false);
  });
});
