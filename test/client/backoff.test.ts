/** Reconnect backoff after "try later" closes: doubling, capped, jittered within [half, full]. */
import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../client/src/doc/backoff.ts';

describe('retryDelay', () => {
  it('doubles from one second and stops at thirty', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => retryDelay(n, 0.999999))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('jitters between half and all of the ceiling', () => {
    expect(retryDelay(3, 0)).toBe(4000);
    expect(retryDelay(3, 0.5)).toBe(6000);
    for (let i = 0; i < 100; i++) {
      const d = retryDelay(2);
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it('treats a negative attempt as the first', () => {
    expect(retryDelay(-3, 0)).toBe(500);
  });
});
