import { type Attempt, interleave } from '../lib/blocks.ts';
import { ThinClient } from '../lib/clients.ts';
import { removeTemplate, startFixture, stopFixture, viewerReports } from '../lib/fixture.ts';
import type { Options } from '../lib/options.ts';
import { loadMeter, sampleRss, writtenBytes } from '../lib/proc.ts';
import type { Kind } from '../lib/servers.ts';
import { sleep } from '../lib/stats.ts';

/**
 * Reports the sockets are spread over. Ten rooms of 1,000 viewers: the per-report cost is amortised away
 * (scenario e measures it), so what is left is the cost of a connection, while no room is the
 * pathological single 10,000-member one (a join's per-room work stays that of a very large report).
 */
const DOCS = 10;
/** Upgrades + syncs in flight at once during the ramp. */
const IN_FLIGHT = 200;
/** The ramp gives up when no socket synced for this long. */
const STALL_MS = 30_000;

/**
 * Scenario f: ramp idle protocol-level sockets (sync once, then nothing) to `opts.connections` in one server
 * process, spread over ten reports; time to ramp, heap and RSS per connection (after a forced GC, inside the
 * server), then server CPU and bytes written while every socket sits idle (only pings) for a while.
 */
export async function connections(opts: Options) {
  const total = opts.connections;
  const idleS = opts.full ? 60 : 30;
  const tpl = await viewerReports(DOCS, (n) => `第${n}号年度工作总结（全员阅读）`);
  const name =
    `connections: ramp to ${total.toLocaleString('en')} idle sockets on ${DOCS} reports in one process, ` +
    `then ${idleS} s idle`;
  try {
    return await interleave('f', name, opts.longBlocks, opts.retries, (kind) => once(kind));
  } finally {
    removeTemplate(tpl);
  }

  async function once(kind: Kind): Promise<Attempt> {
    const f = await startFixture(kind, tpl, 'unused');
    const doc = (i: number) => (kind === 'coreport' ? tpl.reportIds[i % DOCS]! : `bench-conn-${i % DOCS}`);
    const clients: ThinClient[] = [];
    try {
      // One socket per report first, kept open: the rooms are loaded before the baseline is taken.
      for (let i = 0; i < DOCS; i++)
        clients.push(new ThinClient({ ...f.target, doc: doc(i) }, f.viewerToken));
      await Promise.all(clients.map((c) => c.synced));
      await sleep(500);
      const base = await f.server.mem();
      const rss = sampleRss(f.server.pid);
      const load = loadMeter();
      const rampCpu0 = f.server.cpu();
      const start = performance.now();
      const synced = await ramp(total - DOCS, (i) => {
        const c = new ThinClient({ ...f.target, doc: doc(i) }, f.viewerToken);
        clients.push(c);
        return c;
      });
      const rampS = (performance.now() - start) / 1000;
      const rampCpuS = f.server.cpu() - rampCpu0;
      const rampLoad = load();
      const peak = rss.stop().peak;
      await sleep(1000);
      const loaded = await f.server.mem();
      const reached = DOCS + synced;
      const cpu0 = f.server.cpu();
      const written0 = writtenBytes(f.server.pid);
      const idleLoad = loadMeter();
      await sleep(idleS * 1000);
      const m = {
        target: total,
        reached,
        openAfterIdle: clients.filter((c) => c.open).length,
        rampS,
        rampCpuS,
        heapKBPerConn: (loaded.heap - base.heap) / Math.max(1, synced) / 1024,
        rssKBPerConn: (loaded.rss - base.rss) / Math.max(1, synced) / 1024,
        rssMB: peak / 2 ** 20,
        idleCpuPct: ((f.server.cpu() - cpu0) / idleS) * 100,
        idleWrittenBps: (writtenBytes(f.server.pid) - written0) / idleS,
        rampLoadPct: rampLoad * 100,
        loadPct: idleLoad() * 100,
      };
      const refused = clients.find((c) => c.closed)?.closed;
      if (reached < total) {
        // Not retried away: a server that cannot hold the sockets is the result, not noise.
        console.log(
          `  f ${kind}: reached ${reached} of ${total}${refused ? ` (first close: ${refused})` : ''}`,
        );
      }
      if (rampLoad > 0.9 && reached < total) return { valid: false, why: 'load generator saturated', m };
      return { valid: true, m };
    } finally {
      for (const c of clients) c.close();
      await stopFixture(f);
    }
  }
}

/**
 * Opens `n` sockets, at most IN_FLIGHT unsynced at once; resolves with how many synced. A socket that
 * closes before syncing frees its slot; the ramp stops when nothing synced for STALL_MS.
 */
function ramp(n: number, open: (i: number) => ThinClient): Promise<number> {
  return new Promise((resolve) => {
    let started = 0;
    let pending = 0;
    let synced = 0;
    let last = performance.now();
    const watchdog = setInterval(() => {
      if (performance.now() - last > STALL_MS) finish();
    }, 1000);
    const finish = () => {
      clearInterval(watchdog);
      resolve(synced);
    };
    const next = () => {
      while (pending < IN_FLIGHT && started < n) {
        const c = open(started++);
        pending++;
        const gone = setInterval(() => c.closed && settle(false), 250);
        let settled = false;
        const settle = (ok: boolean) => {
          if (settled) return;
          settled = true;
          clearInterval(gone);
          pending--;
          if (ok) synced++;
          last = performance.now();
          if (started >= n && pending === 0) finish();
          else next();
        };
        c.synced.then(() => settle(true));
      }
    };
    if (n <= 0) finish();
    else next();
  });
}
