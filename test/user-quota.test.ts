import { describe, expect, it } from 'vitest';
import { UserQuota } from '../server/rooms/user-quota.ts';

const HOUR = 3_600_000;

describe('UserQuota', () => {
  it('allows perHour at once, per key, and refills at perHour an hour', () => {
    let now = 0;
    const quota = new UserQuota(30, () => now);
    expect(quota.take('r\nw1', 25)).toBe(true);
    expect(quota.take('r\nw1', 6)).toBe(false); // all or nothing
    expect(quota.take('r\nw1', 5)).toBe(true);
    expect(quota.take('r\nw2', 30)).toBe(true); // another user's is their own
    expect(quota.take('r\nw1', 1)).toBe(false);
    now += HOUR / 30; // two minutes: one more
    expect(quota.take('r\nw1', 1)).toBe(true);
    expect(quota.take('r\nw1', 1)).toBe(false);
    now += 10 * HOUR;
    expect(quota.available('r\nw1')).toBe(30); // never more than perHour
  });

  it('spend runs into debt that is paid back first', () => {
    let now = 0;
    const quota = new UserQuota(10, () => now);
    quota.spend('k', 25);
    expect(quota.available('k')).toBe(-15);
    now += HOUR; // +10
    expect(quota.take('k', 1)).toBe(false);
    now += HOUR;
    expect(quota.take('k', 1)).toBe(true);
  });

  it('forgets keys that are back at their full allowance', () => {
    let now = 0;
    const quota = new UserQuota(30, () => now);
    for (let i = 0; i < 1000; i++) quota.spend(`r\nu${i}`, 1);
    expect(quota.size).toBe(1000);
    now += HOUR;
    for (let i = 0; i < 24; i++) quota.spend(`r2\nu${i}`, 1); // the 1024th key sweeps
    expect(quota.size).toBe(24);
  });
});
