import type { ScenarioResult } from './blocks.ts';

export interface Goal {
  goal: string;
  measured: string;
  met: boolean | null;
}

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/**
 * Issue 7's goals and issue 18's (speed round 2: ratios to the reference in the same run), checked
 * against this run's medians (null: not measured in this run).
 */
export function checkGoals(scenarios: ScenarioResult[], full: boolean): Goal[] {
  const get = (id: string) => {
    const summary = scenarios.find((s) => s.id === id)?.summary.coreport;
    // An unmeasured metric (every run invalid) reads as NaN and fails its goal.
    const none = { median: Number.NaN, ratio: Number.NaN };
    return summary && new Proxy(summary, { get: (t, k: string) => t[k] ?? none });
  };
  const goals: Goal[] = [];
  const a = get('a');
  if (a) {
    goals.push({
      goal: 'fan-out N=20 with awareness: server CPU ≤ 0.7 × reference',
      measured: `${fmt(a.cpuPct!.ratio)} × (${fmt(a.cpuPct!.median, 1)} % of a core)`,
      met: a.cpuPct!.ratio <= 0.7,
    });
    goals.push({
      goal: 'fan-out N=20 with awareness: p99 ≤ reference',
      measured: `${fmt(a.p99ms!.ratio)} × (${fmt(a.p99ms!.median, 1)} ms)`,
      met: a.p99ms!.ratio <= 1,
    });
  }
  const n200 = get('a200');
  if (n200) {
    goals.push({
      goal: 'N=200: nothing lost',
      measured: `${n200.lost!.median} lost`,
      met: n200.lost!.median === 0,
    });
    goals.push({
      goal: 'N=200: p99 ≤ 50 ms',
      measured: `${fmt(n200.p99ms!.median, 1)} ms`,
      met: n200.p99ms!.median <= 50,
    });
    goals.push({
      goal: 'N=200: server < 1 core and CPU ≤ 0.5 × reference',
      measured: `${fmt(n200.cpuPct!.median, 1)} % of a core, ${fmt(n200.cpuPct!.ratio)} ×`,
      met: n200.cpuPct!.median < 100 && n200.cpuPct!.ratio <= 0.5,
    });
  }
  const b = get('b');
  if (b) {
    const scope = full ? '' : ' (quick mode: a prefix of the trace)';
    goals.push({
      goal: `B4 replay: ≤ 12 µs server CPU per edit${scope}`,
      measured: `${fmt(b.usPerEdit!.median, 1)} µs (${fmt(b.usPerEdit!.ratio)} × reference)`,
      met: b.usPerEdit!.median <= 12,
    });
    goals.push({
      goal: 'late join to the B4 doc ≤ 50 ms warm',
      measured: `${fmt(b.joinWarmMs!.median, 1)} ms`,
      met: b.joinWarmMs!.median <= 50,
    });
    if (b.joinColdMs) {
      goals.push({
        goal: 'late join to the B4 doc ≤ 100 ms cold from SQLite',
        measured: `${fmt(b.joinColdMs.median, 1)} ms`,
        met: b.joinColdMs.median <= 100,
      });
    }
  }
  const s = get('d-storm');
  if (s) {
    goals.push({
      goal: 'storm: all 200 synced ≤ 3 s',
      measured: `${fmt(s.allSyncedMs!.median, 0)} ms`,
      met: s.allSyncedMs!.median <= 3000,
    });
  }
  const e = get('e');
  if (e) {
    goals.push({
      goal: '≤ 8 KB heap per idle report + connection (1,000 reports)',
      measured: `${fmt(e.heapKBPerReport!.median, 1)} KB (${fmt(e.heapKBPerReport!.ratio)} × reference)`,
      met: e.heapKBPerReport!.median <= 8,
    });
    goals.push({
      goal: `heap back to baseline ±10 % after the last disconnect${full ? ' (60 s)' : ' (quick: 5 s, ROOM_IDLE_MS=2000)'}`,
      measured: `${fmt(e.heapAfterPct!.median, 0)} % of baseline`,
      met: Math.abs(e.heapAfterPct!.median - 100) <= 10,
    });
  }
  const f = get('f');
  if (f) {
    const target = f.target!.median;
    const reached = f.reached!.median;
    const open = f.openAfterIdle!.median;
    goals.push({
      goal: '10,000 idle connections in one process',
      measured:
        target < 10_000
          ? `not checked: only ${fmt(target, 0)} attempted (--connections)`
          : `${fmt(reached, 0)} reached in ${fmt(f.rampS!.median, 1)} s, ${fmt(open, 0)} still open after the idle time; ` +
            `${fmt(f.heapKBPerConn!.median, 1)} KB heap per connection`,
      met: target < 10_000 ? null : reached >= 10_000 && open >= 10_000,
    });
  }
  goals.push(...roundTwoGoals(get));
  return goals;
}

type Summary = Record<string, { median: number; ratio: number }>;

/** Issue 18's ratios to the reference, each a metric of one scenario at most `max` × the reference. */
function roundTwoGoals(get: (id: string) => Summary | undefined): Goal[] {
  const ratios: [id: string, metric: string, max: number, what: string][] = [
    ['a', 'cpuPct', 0.7, 'a: 20 writers + awareness, CPU'],
    ['a-off', 'cpuPct', 0.9, 'a-off: 20 writers without awareness, CPU'],
    ['c', 'cpuPct', 0.8, 'c: structured report, CPU'],
    ['a200', 'cpuPct', 0.5, 'a200: 200 connected, CPU'],
    ['a200', 'p99ms', 1.2, 'a200: 200 connected, p99 delivery'],
    ['b', 'usPerEdit', 0.5, 'b: B4 trace, CPU per edit'],
    ['f', 'rampCpuS', 1.2, 'f: CPU to ramp the idle sockets'],
    ['a', 'rssMB', 1.1, 'server RSS (peak in scenario a)'],
  ];
  return ratios.flatMap(([id, metric, max, what]) => {
    const value = get(id)?.[metric];
    if (!value) return [];
    return [
      { goal: `${what} ≤ ${max} × reference`, measured: `${fmt(value.ratio)} ×`, met: value.ratio <= max },
    ];
  });
}
