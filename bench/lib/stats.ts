/** Small statistics helpers and a seeded random generator, so every run types the same keystrokes. */

export const median = (xs: number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** The q-quantile (0..1) by nearest rank. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** mulberry32: a fast seeded PRNG; `next(n)` is an integer in [0, n). */
export function rng(seed: number) {
  let a = seed >>> 0;
  const float = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { float, next: (n: number) => Math.floor(float() * n) };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every 5 ms until true or `timeoutMs` passed; resolves with whether it became true. */
export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

/** Chinese text to type: a stock of characters from report prose. */
export const HANZI =
  '围绕中心工作开展调研形成高质量报告坚持问题导向组织民主协商活动推进重点任务落实全面从严治党加强队伍建设提升服务水平';

/**
 * A 95 % bootstrap interval of the difference `q`-quantile(b) − `q`-quantile(a), resampling each sample
 * (seeded, so a run is repeatable): an interval holding 0 means no difference is shown beyond noise.
 */
export function quantileDiffInterval(a: number[], b: number[], q: number, reps = 2000): [number, number] {
  const r = rng(15);
  const resample = (xs: number[]) => Array.from({ length: xs.length }, () => xs[r.next(xs.length)]!);
  const diffs = Array.from({ length: reps }, () => quantile(resample(b), q) - quantile(resample(a), q));
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)];
}
