import * as Y from 'yjs';
import { type Attempt, interleave } from '../lib/blocks.ts';
import { fullClient, ThinClient } from '../lib/clients.ts';
import { reportContent, SEED_CLIENT } from '../lib/content.ts';
import { coreportTemplate, removeTemplate, startFixture, stopFixture } from '../lib/fixture.ts';
import type { Options } from '../lib/options.ts';
import { loadMeter, sampleRss } from '../lib/proc.ts';
import type { Kind } from '../lib/servers.ts';
import { sleep } from '../lib/stats.ts';

const CLIENTS = 200;
const STATE_BYTES = 1024 * 1024;

/** Scenario d (storm): 200 clients join a 1 MB report at once; time until every one has the whole state. */
export async function storm(opts: Options) {
  const tpl = await coreportTemplate(1, 10);
  // Uploaded in pieces: one message may not exceed the servers' frame caps (coreport: 1 MB).
  const pieces = reportContent(tpl.sids, STATE_BYTES, 40);
  const whole = Y.mergeUpdates(pieces);
  const clock = Y.getState(docOf(whole).store, SEED_CLIENT);
  const name = `reconnect storm: ${CLIENTS} clients join a ${Math.round(whole.length / 1024)} KB report at once`;
  try {
    return await interleave('d-storm', name, opts.blocks, opts.retries, (kind) => once(kind));
  } finally {
    removeTemplate(tpl);
  }

  async function once(kind: Kind): Promise<Attempt> {
    const f = await startFixture(kind, tpl, 'bench-storm');
    const owner = fullClient(f.target, f.leaderToken);
    const thin: ThinClient[] = [];
    try {
      // The leader writes the report and stays connected, so no server unloads it.
      await owner.synced;
      for (const piece of pieces) Y.applyUpdate(owner.doc, piece);
      if (!(await hasState(f.target, f.viewerToken, clock)))
        return { valid: false, why: 'report not stored', m: {} };
      const cpu0 = f.server.cpu();
      const load = loadMeter();
      const rss = sampleRss(f.server.pid, 100);
      const start = performance.now();
      let complete = 0;
      const done = Array.from({ length: CLIENTS }, () => {
        let got = false;
        const c = new ThinClient(f.target, f.viewerToken, (u) => {
          // A size check: decoding 200 copies of 1 MB here would make the load generator the bottleneck.
          if (!got && u.length >= whole.length * 0.95) {
            got = true;
            complete++;
          }
        });
        thin.push(c);
        return c.synced;
      });
      await Promise.race([Promise.all(done), sleep(60_000)]);
      const ms = performance.now() - start;
      const m = {
        allSyncedMs: ms,
        cpuS: f.server.cpu() - cpu0,
        rssMB: rss.stop().peak / 2 ** 20,
        loadPct: load() * 100,
        incomplete: CLIENTS - complete,
      };
      if (complete < CLIENTS)
        return { valid: false, why: `${CLIENTS - complete} joiners without the whole state`, m };
      return { valid: true, m };
    } finally {
      for (const c of thin) c.close();
      owner.destroy();
      await stopFixture(f);
    }
  }
}

const docOf = (update: Uint8Array) => {
  const d = new Y.Doc();
  Y.applyUpdate(d, update);
  return d;
};

/** Whether a fresh client gets the seeded content (retries while the leader's upload is in flight). */
async function hasState(t: ConstructorParameters<typeof ThinClient>[0], token: string, clock: number) {
  for (let i = 0; i < 50; i++) {
    let seen = false;
    const probe = new ThinClient(t, token, (u) => {
      if (Y.parseUpdateMeta(u).to.get(SEED_CLIENT) === clock) seen = true;
    });
    await Promise.race([probe.synced, sleep(5000)]);
    probe.close();
    if (seen) return true;
    await sleep(100);
  }
  return false;
}
