/**
 * ConnectionBudget on its own, with an injected clock: message and byte bursts, refill at the configured
 * rates (never past the burst), the wait a frame over them is told, replies overdrawing, a message larger than the byte burst costing one burst, and the awareness
 * bucket. Through a room and sockets: room-limits.test.ts and ws-pipeline.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  ConnectionBudget,
  DEFAULT_INBOUND_LIMITS,
  type InboundLimits,
} from '../server/rooms/inbound-limits.ts';
import { UserBudget, UserBudgets } from '../server/rooms/user-budget.ts';

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
  return { clock, b: new ConnectionBudget(limits, new UserBudget(limits, () => clock.t)) };
}

describe('ConnectionBudget', () => {
  it('allows a burst of messages, then refills them at the message rate', () => {
    const { clock, b } = budget();
    for (let i = 0; i < 5; i++) expect(b.frame(10)).toBe(0);
    expect(b.frame(10)).toBe(100); // 10 a second: one more in 100 ms
    clock.t += 100;
    expect(b.frame(10)).toBe(0);
    expect(b.frame(10)).toBe(100);
    clock.t += 60_000; // a long pause refills to the burst, not beyond
    for (let i = 0; i < 5; i++) expect(b.frame(10)).toBe(0);
    expect(b.frame(10)).toBe(100);
  });

  it('counts bytes of frames and replies against one byte budget; a reply may overdraw it', () => {
    const { clock, b } = budget();
    expect(b.frame(3000)).toBe(0);
    b.charge(1000); // a reply the frame asked for
    expect(b.frame(1)).toBe(1); // 1000 bytes a second: 1 ms for one byte
    clock.t += 500; // 500 back
    b.charge(2500); // overdrawn by 2000 bytes
    expect(b.frame(100)).toBe(2100);
    clock.t += 2100;
    expect(b.frame(100)).toBe(0);
    b.charge(1_000_000); // debt is at most one burst
    expect(b.frame(1)).toBe(4001);
  });

  it('charges a message larger than the byte burst one burst, so it can pass once the budget is full', () => {
    const { clock, b } = budget();
    expect(b.frame(1_000_000)).toBe(0);
    expect(b.frame(1)).toBe(1);
    clock.t += 4000;
    expect(b.frame(1_000_000)).toBe(0);
  });

  it('holds back a frame over the message rate without spending bytes', () => {
    const { clock, b } = budget({ ...LIMITS, messageBurst: 1 });
    expect(b.frame(1)).toBe(0);
    expect(b.frame(3999)).toBe(100);
    clock.t += 100;
    expect(b.frame(3999)).toBe(0);
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

  it('shares one budget between all sockets of a user, and none between users', () => {
    const clock = { t: 0 };
    const users = new UserBudgets(LIMITS, () => clock.t);
    const tabs = [1, 2, 3].map(() => new ConnectionBudget(LIMITS, users.of('zhangsan'), () => clock.t));
    for (let i = 0; i < 5; i++) expect(tabs[i % 3]!.frame(10)).toBe(0);
    for (const tab of tabs) expect(tab.frame(10)).toBe(100);
    expect(new ConnectionBudget(LIMITS, users.of('lisi'), () => clock.t).frame(10)).toBe(0);
    // Leaving and coming back buys no fresh burst.
    expect(users.of('zhangsan').frame(10)).toBe(100);
  });

  it('answers a query-awareness message at most once a second per connection', () => {
    const { clock, b } = budget();
    expect(b.answerQuery()).toBe(true);
    expect(b.answerQuery()).toBe(false);
    clock.t += 999;
    expect(b.answerQuery()).toBe(false);
    clock.t += 1;
    expect(b.answerQuery()).toBe(true);
  });
});
