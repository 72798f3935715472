/**
 * Delay before reconnecting after the server closed us with a 44xx code the stock client takes as
 * final but we do not know (a newer server's "try later"): doubling from one second up to half a minute, with jitter so that many
 * clients refused at once do not come back at once.
 */
const BASE_MS = 1000;
const MAX_MS = 30_000;

/** Milliseconds to wait before attempt `attempt` (0 = the first retry); `random` in [0, 1). */
export function retryDelay(attempt: number, random: number = Math.random()): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random / 2));
}
