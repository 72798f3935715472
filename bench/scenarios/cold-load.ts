import * as Y from 'yjs';
import { openStores } from '../../server/storage/index.ts';
import { type Attempt, interleave } from '../lib/blocks.ts';
import { fullClient } from '../lib/clients.ts';
import { reportContent, SEED_CLIENT } from '../lib/content.ts';
import {
  coreportTemplate,
  removeTemplate,
  startFixture,
  stopFixture,
  type Template,
} from '../lib/fixture.ts';
import type { Options } from '../lib/options.ts';
import { sleep } from '../lib/stats.ts';

const SIZES = [100 * 1024, 1024 * 1024];
const FULL_SIZES = [...SIZES, 10 * 1024 * 1024];
/** Updates in the raw log: what a report looks like before compaction folds its log. */
const LOG_PIECES = 2000;

/**
 * Scenario d (cold load): coreport only, since the peers keep documents in memory. A report of 100 KB, 1 MB
 * and 10 MB stored compacted (one snapshot) and as a raw log; a fresh server process; time for the first
 * client to sync it (storage read + load + encode + transfer + client apply), then for a second (warm).
 */
export async function coldLoad(opts: Options) {
  const tpl = await coreportTemplate(1, 10);
  try {
    // coreport alone, no ratios to interleave: fewer blocks in quick mode; 10 MB only with --full.
    const blocks = opts.full ? opts.blocks : Math.min(3, opts.blocks);
    return await interleave('d-cold', 'cold load from SQLite (coreport only)', blocks, 0, () => once(), [
      'coreport',
    ]);
  } finally {
    removeTemplate(tpl);
  }

  async function once(): Promise<Attempt> {
    const m: Record<string, number> = {};
    for (const size of opts.full ? FULL_SIZES : SIZES) {
      for (const raw of [false, true]) {
        const label = `${size >= 1024 * 1024 ? `${size / 2 ** 20}MB` : `${size / 1024}KB`}${raw ? 'Log' : 'Snap'}`;
        const f = await startFixture('coreport', tpl, 'bench-cold', { ROOM_IDLE_MS: '60000' });
        try {
          // Write the stored state while the server has not loaded the report yet (no client so far).
          const clock = store(f.server.dataDir!, tpl, size, raw);
          for (const phase of ['cold', 'warm'] as const) {
            const start = performance.now();
            const c = fullClient(f.target, f.viewerToken);
            await Promise.race([c.synced, sleep(60_000)]);
            const ms = performance.now() - start;
            const ok = Y.getState(c.doc.store, SEED_CLIENT) === clock;
            c.destroy();
            if (!ok) return { valid: false, why: `${label} ${phase}: incomplete`, m };
            m[`${label}${phase === 'cold' ? 'ColdMs' : 'WarmMs'}`] = ms;
          }
        } finally {
          await stopFixture(f);
        }
      }
    }
    return { valid: true, m };
  }
}

/** Adds a report body of `size` bytes to the stored report; returns the seed client's final clock. */
function store(dataDir: string, tpl: Template, size: number, raw: boolean): number {
  const stores = openStores(dataDir, 'normal');
  try {
    const pieces = reportContent(tpl.sids, size, raw ? LOG_PIECES : 1);
    const entries = pieces.map((update, i) => ({
      update,
      userId: tpl.leader.id,
      roots: [],
      clients: i === 0 ? [SEED_CLIENT] : [],
    }));
    const lastSeq = stores.docs.append(tpl.reportId, entries, stores.docs.load(tpl.reportId).lastSeq);
    if (!raw) {
      const stored = stores.docs.load(tpl.reportId);
      const doc = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
      stores.docs.compact(tpl.reportId, Y.encodeStateAsUpdate(doc), lastSeq);
    }
    const doc = new Y.Doc();
    for (const u of pieces) Y.applyUpdate(doc, u);
    return Y.getState(doc.store, SEED_CLIENT);
  } finally {
    stores.db.close();
  }
}
