import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`, 100 on Linux almost always). */
const ticks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU-seconds from a /proc `stat` file. */
function statCpuSeconds(file: string): number {
  const stat = fs.readFileSync(file, 'utf8');
  // The command name may contain spaces; fields after it are fixed: utime is the 14th, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

/** CPU-seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU-seconds one thread of a process has used so far (the main thread's id is the process id). */
export function threadCpuSeconds(pid: number, tid: number): number {
  return statCpuSeconds(`/proc/${pid}/task/${tid}/stat`);
}

/** CPU-seconds of several processes together; those gone meanwhile count as 0 (see the caller). */
export function cpuSecondsOf(pids: number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      sum += cpuSeconds(pid);
    } catch {
      // exited
    }
  }
  return sum;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/**
 * Bytes a process has handed to write-family syscalls so far (`wchar` of /proc/<pid>/io): for a server
 * that logs nothing, what it sent on its sockets (frames, pings), plus any file writes (SQLite).
 */
export function writtenBytes(pid: number): number {
  const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
  const match = /wchar:\s+(\d+)/.exec(io);
  return match ? Number(match[1]) : 0;
}

/** Samples a process's RSS every `everyMs` until stopped; reports the peak and the mean. */
export function sampleRss(pid: number, everyMs = 250) {
  const samples: number[] = [];
  const take = () => {
    try {
      samples.push(rssBytes(pid));
    } catch {
      // the process exited; keep what we have
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const peak = Math.max(...samples);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      return { peak, mean };
    },
  };
}

/** Pins this process (all its threads) to one CPU, so the server under test has the other to itself. */
export function pinSelf(cpu: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The load generator's own CPU use as a fraction of one core since `start` (from process.cpuUsage). */
export function loadMeter() {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const used = process.cpuUsage(cpu0);
    const wall = (performance.now() - t0) * 1000;
    return (used.user + used.system) / wall;
  };
}
