/**
 * Preloaded into every server under test (`--import`): answers `mem` on stdin with a line
 * `mem {"heap":…,"rss":…}` after a full GC; `profile start` / `profile stop <file>` take a V8 CPU profile
 * of the main thread over just the window between them (answered `profiled <file>`), so start-up and
 * shutdown stay out of it; exits when stdin closes or the lifetime cap passes, so a server can never
 * outlive the benchmark that started it. Plain JavaScript, so that no server under test needs a
 * TypeScript loader (each runs as it would in production).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import readline from 'node:readline';

const gc = globalThis.gc;
const lines = readline.createInterface({ input: process.stdin });
let profiler = null;

async function profile(command, file) {
  if (command === 'start' && !profiler) {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
  } else if (command === 'stop' && profiler && file) {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    profiler = null;
    fs.writeFileSync(file, JSON.stringify(profile));
    process.stdout.write(`profiled ${file}\n`);
  }
}

lines.on('line', (line) => {
  const [word, command, file] = line.trim().split(' ');
  if (word === 'profile') {
    void profile(command ?? '', file);
    return;
  }
  if (word !== 'mem') return;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`mem ${JSON.stringify({ heap: m.heapUsed, external: m.external, rss: m.rss })}\n`);
});
lines.on('close', () => process.exit(0));
setTimeout(() => process.exit(0), Number(process.env.BENCH_LIFETIME_MS ?? 900_000)).unref();
