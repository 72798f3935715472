/**
 * Preloaded into every server under test (`--import`): answers `mem` on stdin with a line
 * `mem {"heap":…,"rss":…}` after a full GC, and exits when stdin closes or the lifetime cap passes,
 * so a server can never outlive the benchmark that started it.
 */
import readline from 'node:readline';

const gc = (globalThis as { gc?: () => void }).gc;
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'mem') return;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`mem ${JSON.stringify({ heap: m.heapUsed, external: m.external, rss: m.rss })}\n`);
});
lines.on('close', () => process.exit(0));
setTimeout(() => process.exit(0), Number(process.env.BENCH_LIFETIME_MS ?? 900_000)).unref();
