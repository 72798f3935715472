import { type Attempt, interleave } from '../lib/blocks.ts';
import { ThinClient } from '../lib/clients.ts';
import { coreportTemplate, removeTemplate, startFixture, stopFixture } from '../lib/fixture.ts';
import { Latency } from '../lib/latency.ts';
import type { Options } from '../lib/options.ts';
import type { Kind } from '../lib/servers.ts';
import { quantile, sleep, waitFor } from '../lib/stats.ts';
import { prepareTrace, WRITER } from './trace.ts';

/** Rates tried in order, edits/s; the step-up stops at the first one that fails. */
const RATES = [1000, 2000, 4000, 8000, 16_000, 32_000];
/** The bar a rate must pass: p99 delivery to the receivers below this. */
const P99_LIMIT_MS = 50;
/** A keystroke the generator sends later than this after its due time was not sent at the rate. */
const LATE_MS = 50;
/** Below this share of keystrokes sent on time, the load generator, not the server, is the limit. */
const ON_TIME = 0.95;
/** How long a step's stragglers may take to arrive before the next step starts. */
const DRAIN_MS = 10_000;

/** Why the step-up stopped (kept in the JSON as a number: metrics are numeric). */
const STOP = { none: 0, p99: 1, generator: 2, trace: 3, disconnected: 4 } as const;

/**
 * Scenario b-rate: the B4 trace's keystroke updates replayed by one writer at fixed rates, stepped up
 * (1k, 2k, 4k … edits/s, a few seconds each), to 2 receivers; the highest rate whose p99 delivery stays
 * below 50 ms is the server's max sustainable rate. The trace continues across steps (each edit is sent
 * once), and each step drains before the next, so a slow step's backlog does not spill into the next.
 */
export async function traceRate(opts: Options) {
  const stepS = opts.full ? 5 : 2;
  // Every step's edits, so a server that passes all steps never runs out of trace.
  const needed = RATES.reduce((sum, r) => sum + r * stepS, 0);
  const t = prepareTrace(needed);
  const tpl = await coreportTemplate(1);
  const name =
    `B4 trace at fixed rates (${RATES.map((r) => `${r / 1000}k`).join(', ')} edits/s, ${stepS} s each) ` +
    `to 2 receivers: highest rate with p99 < ${P99_LIMIT_MS} ms`;
  try {
    return await interleave('b-rate', name, opts.rateBlocks, opts.retries, (kind) => once(kind));
  } finally {
    removeTemplate(tpl);
  }

  async function once(kind: Kind): Promise<Attempt> {
    const f = await startFixture(kind, tpl, 'bench-b4-rate');
    const sid = f.sids[0]!;
    const lat = new Latency();
    const clients: ThinClient[] = [];
    try {
      for (let r = 0; r < 2; r++) clients.push(new ThinClient(f.target, f.viewerToken, lat.receiver()));
      const writer = new ThinClient(f.target, f.writerTokens[0]!);
      clients.push(writer);
      await Promise.all(clients.map((c) => c.synced));
      writer.sendUpdate(t.setup(sid));
      const m: Record<string, number> = { maxEditsPerS: 0, stopReason: STOP.none };
      let next = 0; // the next trace update to send
      for (const rate of RATES) {
        if (next + rate * stepS > t.updates.length) {
          m.stopReason = STOP.trace;
          break;
        }
        const step = await replay(writer, lat, next, rate, stepS);
        next = step.next;
        m[`p99msAt${rate}`] = step.p99;
        m[`onTimeAt${rate}`] = step.onTime;
        if (!writer.open) {
          m.stopReason = STOP.disconnected;
          return { valid: false, why: `writer disconnected at ${rate} edits/s: ${writer.closed}`, m };
        }
        if (step.onTime < ON_TIME) {
          m.stopReason = STOP.generator;
          break;
        }
        if (!(step.p99 < P99_LIMIT_MS)) {
          m.stopReason = STOP.p99;
          break;
        }
        m.maxEditsPerS = rate;
      }
      return { valid: true, m };
    } finally {
      for (const c of clients) c.close();
      await stopFixture(f);
    }
  }

  /** One step: `rate` edits/s for `seconds` from update `from`; p99 over both receivers, on-time share. */
  async function replay(writer: ThinClient, lat: Latency, from: number, rate: number, seconds: number) {
    const count = rate * seconds;
    const samples0 = lat.samples.length;
    const marked0 = lat.marked;
    const start = performance.now();
    let sent = 0;
    let onTime = 0;
    while (sent < count && writer.open) {
      const now = performance.now();
      const due = Math.min(count, Math.floor(((now - start) * rate) / 1000) + 1);
      for (; sent < due; sent++) {
        const i = from + sent;
        // Deletes do not advance the writer's clock, so only insertions can be matched on arrival (and
        // the very first edit is left unmarked: its start clock is the skeleton's, sent in the setup).
        const at = performance.now();
        if (i > 0 && t.clockAfter[i]! > t.clockAfter[i - 1]!) lat.mark(WRITER, t.clockAfter[i - 1]!, at);
        if (at - (start + (sent * 1000) / rate) <= LATE_MS) onTime++;
        writer.sendUpdate(t.updates[from + sent]!);
      }
      await sleep(1);
    }
    const expected = (lat.marked - marked0) * 2;
    await waitFor(() => lat.samples.length - samples0 >= expected || !writer.open, DRAIN_MS);
    const samples = lat.samples.slice(samples0);
    // Keystrokes still missing after the drain took at least as long as the step plus the drain.
    const missing = Math.max(0, expected - samples.length);
    const waited = performance.now() - start;
    for (let k = 0; k < missing; k++) samples.push(waited);
    return { next: from + sent, p99: quantile(samples, 0.99), onTime: sent ? onTime / count : 0 };
  }
}
