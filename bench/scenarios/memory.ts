import { loadConfig } from '../../server/config.ts';
import { type Attempt, interleave } from '../lib/blocks.ts';
import { ThinClient } from '../lib/clients.ts';
import {
  type Fixture,
  removeTemplate,
  startFixture,
  stopFixture,
  type Template,
  viewerReports,
} from '../lib/fixture.ts';
import type { Options } from '../lib/options.ts';
import type { Kind } from '../lib/servers.ts';
import { sleep } from '../lib/stats.ts';

/**
 * Reports opened and closed before the baseline is taken, on every server: enough for the code paths of
 * a connection to be optimized (V8 compiles them while they are hot), which is a one-time cost, not a
 * per-report one. Separate documents from the measured ones, since the reference never unloads any.
 */
const WARM_REPORTS = 100;

/**
 * Scenario e: heap per idle report + connection (one socket on each of `reports` documents), and how much
 * of it is still held some time after the last disconnect. Heap is measured inside each server after a
 * forced GC. coreport unloads idle reports after ROOM_IDLE_MS (30 s by default; 2 s in quick mode).
 */
export async function memory(opts: Options, reports: number) {
  const tpl = await viewerReports(reports + WARM_REPORTS, (n) => `第${n}号工作总结`);
  const settleMs = opts.full ? 60_000 : 5_000;
  const env: Record<string, string> = opts.full ? {} : { ROOM_IDLE_MS: '2000' };
  const name = `memory: ${reports.toLocaleString('en')} idle reports with one connection each; heap ${settleMs / 1000} s after all left`;
  try {
    return await interleave('e', name, opts.blocks, opts.retries, (kind) => once(kind));
  } finally {
    removeTemplate(tpl);
  }

  async function once(kind: Kind): Promise<Attempt> {
    const f: Fixture = await startFixture(kind, tpl, 'unused', env);
    const clients: ThinClient[] = [];
    try {
      // Warm the code paths with other reports opened and closed, then take the baseline once coreport
      // has unloaded them (after ROOM_IDLE_MS; the peers keep or drop theirs at once).
      const warm = Array.from(
        { length: WARM_REPORTS },
        (_, i) => new ThinClient({ ...f.target, doc: docName(kind, tpl, reports + i) }, f.viewerToken),
      );
      await Promise.all(warm.map((c) => c.synced));
      for (const c of warm) c.close();
      await sleep(kind === 'coreport' ? loadConfig(env).roomIdleMs + 1500 : 500);
      const base = await f.server.mem();
      for (let r = 0; r < reports; r += 100) {
        const batch: Promise<void>[] = [];
        for (let i = r; i < Math.min(reports, r + 100); i++) {
          const c = new ThinClient({ ...f.target, doc: docName(kind, tpl, i) }, f.viewerToken);
          clients.push(c);
          batch.push(c.synced);
        }
        const ok = await Promise.race([Promise.all(batch).then(() => true), sleep(30_000).then(() => false)]);
        if (!ok) return { valid: false, why: `connections ${r}… did not sync`, m: {} };
      }
      const loaded = await f.server.mem();
      for (const c of clients.splice(0)) c.close();
      await sleep(settleMs);
      const after = await f.server.mem();
      const added = loaded.heap - base.heap;
      return {
        valid: true,
        m: {
          heapKBPerReport: added / reports / 1024,
          rssKBPerReport: (loaded.rss - base.rss) / reports / 1024,
          heapAfterPct: (after.heap / base.heap) * 100,
        },
      };
    } finally {
      for (const c of clients) c.close();
      await stopFixture(f);
    }
  }
}

const docName = (kind: Kind, tpl: Template & { reportIds: string[] }, i: number) =>
  kind === 'coreport' ? tpl.reportIds[i]! : `bench-idle-${i}`;
