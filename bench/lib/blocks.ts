import os from 'node:os';
import { KINDS, type Kind } from './servers.ts';
import { median, sleep } from './stats.ts';

export type Metrics = Record<string, number>;

/** Which servers run (`--servers=coreport` narrows it, e.g. for profiling). */
export const selection: { kinds: Kind[] } = { kinds: KINDS };

/** One run of one server. Invalid runs (saturated load generator, edits not sent) are retried. */
export interface Attempt {
  valid: boolean;
  why?: string;
  m: Metrics;
}

export interface ScenarioResult {
  id: string;
  name: string;
  note?: string;
  /** Per block, per server: the metrics of the run kept (the last attempt). */
  blocks: Partial<Record<Kind, Attempt>>[];
  /** Per server and metric: the median value, and the median of per-block ratios to the reference. */
  summary: Record<Kind, Record<string, { median: number; ratio: number }>>;
  invalidRuns: number;
}

/**
 * Runs `once` for every server in interleaved blocks (A B C, C B A, …) so drift in machine load hits all
 * alike, then summarises each metric as medians and medians of per-block ratios to the reference.
 */
export async function interleave(
  id: string,
  name: string,
  blocks: number,
  retries: number,
  once: (kind: Kind, block: number) => Promise<Attempt>,
  kinds: Kind[] = selection.kinds,
): Promise<ScenarioResult> {
  const result: ScenarioResult['blocks'] = [];
  let invalidRuns = 0;
  for (let b = 0; b < blocks; b++) {
    const order = b % 2 ? [...kinds].reverse() : kinds;
    const row: Partial<Record<Kind, Attempt>> = {};
    for (const kind of order) {
      let attempt: Attempt = { valid: false, why: 'not run', m: {} };
      for (let tries = 0; tries <= retries; tries++) {
        try {
          attempt = await once(kind, b);
        } catch (err) {
          attempt = { valid: false, why: String((err as Error)?.message ?? err), m: {} };
        }
        // The machine's 1-minute load average: runs on a busy shared machine read differently.
        attempt.m.loadavg = os.loadavg()[0]!;
        if (attempt.valid) break;
        invalidRuns++;
        console.log(
          `  ${id} block ${b + 1} ${kind}: invalid (${attempt.why})${tries < retries ? ', retrying' : ''}`,
        );
        // Invalid runs come from bursts of other load on the machine; let one pass before retrying.
        if (tries < retries) await sleep(3000);
      }
      row[kind] = attempt;
      const shown = Object.entries(attempt.m)
        .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toPrecision(3)}`)
        .join(' ');
      console.log(
        `  ${id} block ${b + 1}/${blocks} ${kind.padEnd(10)} ${attempt.valid ? '' : '[invalid] '}${shown}`,
      );
    }
    result.push(row);
  }
  return { id, name, blocks: result, summary: summarise(result, kinds), invalidRuns };
}

function summarise(blocks: ScenarioResult['blocks'], kinds: Kind[]): ScenarioResult['summary'] {
  const summary = {} as ScenarioResult['summary'];
  // Scenarios without the reference (coreport-only ones) have no ratios.
  const ref: Kind = 'reference';
  for (const kind of kinds) {
    summary[kind] = {};
    const names = new Set(blocks.flatMap((row) => Object.keys(row[kind]?.m ?? {})));
    for (const metric of names) {
      const values: number[] = [];
      const ratios: number[] = [];
      for (const row of blocks) {
        const mine = row[kind];
        if (!mine?.valid || !Number.isFinite(mine.m[metric])) continue;
        values.push(mine.m[metric]!);
        const base = row[ref];
        if (base?.valid && Number.isFinite(base.m[metric]) && base.m[metric]! > 0) {
          ratios.push(mine.m[metric]! / base.m[metric]!);
        }
      }
      summary[kind][metric] = { median: median(values), ratio: median(ratios) };
    }
  }
  return summary;
}
