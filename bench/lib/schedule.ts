import { sleep } from './stats.ts';

/**
 * Fires `key(i)` for each of `n` typists at `rate` keystrokes per second, each with its own phase, until
 * `endAt`. Counts, for keystrokes due inside [from, to), how many were sent on time (within 50 ms): a load
 * generator that falls behind shows up as a send ratio below 1 and the run is discarded.
 */
export async function typeOnSchedule(
  n: number,
  rate: number,
  phase: (i: number) => number,
  endAt: number,
  window: { from: number; to: number },
  key: (i: number) => void,
): Promise<{ scheduled: number; onTime: number }> {
  const interval = 1000 / rate;
  const start = performance.now();
  const due = Array.from({ length: n }, (_, i) => start + phase(i) * interval);
  let scheduled = 0;
  let onTime = 0;
  for (;;) {
    const now = performance.now();
    if (now >= endAt) break;
    let nextDue = endAt;
    for (let i = 0; i < n; i++) {
      if (now >= due[i]!) {
        const inWindow = due[i]! >= window.from && due[i]! < window.to;
        key(i);
        if (inWindow) {
          scheduled++;
          if (performance.now() - due[i]! <= 50) onTime++;
        }
        due[i]! += interval;
      }
      nextDue = Math.min(nextDue, due[i]!);
    }
    await sleep(Math.max(0, nextDue - performance.now()));
  }
  return { scheduled, onTime };
}
