/**
 * The longest the event loop was held while some work ran, measured as the CPU time this process's
 * main thread (the one running the server in tests) spent between two consecutive timer turns. Wall
 * clock is no measure on this shared 2-core machine: at load average 15 a turn of 20 ms of CPU can
 * take 150 ms to finish because the thread waits for a core, which is the machine's doing, not the
 * server's. The thread's own CPU time (Linux schedstat, nanoseconds) counts only what the server
 * made it do. The wall-clock figure (longest timer delay) is reported beside it.
 */
import fs from 'node:fs';

const STAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;
/** How often the timer turn runs: well under the bounds measured (200 ms). */
const TICK_MS = 2;

function cpuNs(): number | null {
  try {
    return Number(fs.readFileSync(STAT, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

export interface LoopHold {
  /** Longest CPU time of the main thread between two timer turns, ms. */
  cpuMs: number;
  /** Longest wall-clock gap between two timer turns, ms. */
  wallMs: number;
}

/** Runs `work` while watching the event loop; its result and the longest hold. */
export async function holdDuring<T>(work: () => Promise<T>): Promise<{ result: T; hold: LoopHold }> {
  if (cpuNs() === null) {
    // Without schedstat the CPU figure falls back to wall clock, which is stricter on a loaded machine.
    console.warn(`[loop-hold] ${STAT} unreadable: holds are measured in wall clock`);
  }
  const hold: LoopHold = { cpuMs: 0, wallMs: 0 };
  let lastCpu = cpuNs();
  let lastWall = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let watching = true;
  const tick = () => {
    clearTimeout(timer);
    const cpu = cpuNs();
    const wall = performance.now();
    const wallMs = wall - lastWall;
    hold.wallMs = Math.max(hold.wallMs, wallMs);
    hold.cpuMs = Math.max(hold.cpuMs, cpu !== null && lastCpu !== null ? (cpu - lastCpu) / 1e6 : wallMs);
    lastCpu = cpu;
    lastWall = wall;
    if (watching) timer = setTimeout(tick, TICK_MS);
  };
  timer = setTimeout(tick, TICK_MS);
  try {
    const result = await work();
    watching = false;
    tick(); // the stretch since the last turn counts too
    return { result, hold };
  } finally {
    watching = false;
    clearTimeout(timer);
  }
}
