import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { type Attempt, interleave } from '../lib/blocks.ts';
import { type FullClient, fullClient, ThinClient } from '../lib/clients.ts';
import { coreportTemplate, removeTemplate, startFixture, stopFixture } from '../lib/fixture.ts';
import { Latency } from '../lib/latency.ts';
import type { Options } from '../lib/options.ts';
import { loadMeter, sampleRss } from '../lib/proc.ts';
import { typeOnSchedule } from '../lib/schedule.ts';
import type { Kind } from '../lib/servers.ts';
import { quantile, rng, waitFor } from '../lib/stats.ts';
import { plainTypist, structuredTypist, type Typist } from '../lib/typists.ts';

export interface FanoutConfig {
  id: string;
  name: string;
  /** Full Yjs clients typing, one section each. */
  writers: number;
  /** Full Yjs clients only reading (leaders following along). */
  readers: number;
  /** Protocol-level receivers without a Y.Doc. */
  thin: number;
  awareness: boolean;
  /** Keystrokes per second per writer. */
  rate: number;
  structured: boolean;
  /** Sections in the report (≥ writers); with `seedParagraphs`, each starts with that much text. */
  sections: number;
  seedParagraphs: number;
}

const LOCAL = Symbol('typed here');
const SEED_CLIENT = 7;

/** A report's starting text: a heading and `paragraphs` paragraphs per section, written by one client. */
function seedUpdate(sids: string[], paragraphs: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT;
  for (const [s, sid] of sids.entries()) {
    const body = doc.getXmlFragment(bodyRoot(sid));
    const h = new Y.XmlElement('heading');
    h.setAttribute('level', '2' as never);
    h.insert(0, [new Y.XmlText(`（${s + 1}）工作开展情况`)]);
    body.push([h]);
    for (let p = 0; p < paragraphs; p++) {
      const el = new Y.XmlElement('paragraph');
      el.insert(0, [
        new Y.XmlText(`${p + 1}是坚持问题导向，组织开展专题调研X次，形成调研报告X篇，推动解决实际问题。`),
      ]);
      body.push([el]);
    }
  }
  return Y.encodeStateAsUpdate(doc);
}

export async function fanout(cfg: FanoutConfig, opts: Options) {
  const tpl = await coreportTemplate(cfg.writers, cfg.sections);
  const seed = cfg.seedParagraphs ? seedUpdate(tpl.sids, cfg.seedParagraphs) : null;
  try {
    return await interleave(cfg.id, cfg.name, opts.blocks, opts.retries, (kind, block) =>
      once(kind, opts.seed + block),
    );
  } finally {
    removeTemplate(tpl);
  }

  async function once(kind: Kind, seedNo: number): Promise<Attempt> {
    const f = await startFixture(kind, tpl, `bench-${cfg.id}`);
    const full: FullClient[] = [];
    const thin: ThinClient[] = [];
    try {
      const latency = new Latency();
      // Readers first: reader 0 (the leader) writes the starting text and stays, so no server unloads it.
      for (let i = 0; i < cfg.readers; i++) {
        const c = fullClient(f.target, i === 0 ? f.leaderToken : f.viewerToken);
        full.push(c);
        await c.synced;
        if (i === 0 && seed) Y.applyUpdate(c.doc, seed);
        c.doc.on('update', latency.receiver());
      }
      const writers: FullClient[] = [];
      for (let i = 0; i < cfg.writers; i++) {
        const doc = new Y.Doc();
        doc.clientID = 1000 + i;
        const c = fullClient(f.target, f.writerTokens[i]!, doc);
        if (!cfg.awareness) c.awareness.setLocalState(null);
        const recv = latency.receiver(doc.clientID);
        doc.on('update', (u: Uint8Array, origin: unknown) => origin !== LOCAL && recv(u));
        writers.push(c);
      }
      full.push(...writers);
      await Promise.all(writers.map((w) => w.synced));
      for (let i = 0; i < cfg.thin; i += 50) {
        const batch = Array.from({ length: Math.min(50, cfg.thin - i) }, () => {
          const t = new ThinClient(f.target, f.viewerToken, latency.receiver());
          thin.push(t);
          return t.synced;
        });
        await Promise.all(batch);
      }
      if (seed) {
        const clock = Y.getState(full[0]!.doc.store, SEED_CLIENT);
        const have = await waitFor(
          () => writers.every((w) => Y.getState(w.doc.store, SEED_CLIENT) === clock),
          10_000,
        );
        if (!have) return { valid: false, why: 'starting text did not reach the writers', m: {} };
      }
      const r = rng(seedNo);
      const typists: Typist[] = writers.map((w, i) => {
        let t!: Typist;
        w.doc.transact(() => {
          t = (cfg.structured ? structuredTypist : plainTypist)(w.doc, f.sids[i]!, r);
        }, LOCAL);
        return t;
      });
      let recording = false;
      const key = (i: number) => {
        const w = writers[i]!;
        const at = performance.now();
        w.doc.transact(() => typists[i]!.key(), LOCAL);
        if (recording) latency.mark(w.doc.clientID, Y.getState(w.doc.store, w.doc.clientID) - 1, at);
        if (cfg.awareness) w.awareness.setLocalStateField('cursor', typists[i]!.cursor());
      };
      const t0 = performance.now();
      const from = t0 + opts.warmupS * 1000;
      const to = from + opts.measureS * 1000;
      let cpu0 = 0;
      let load: () => number = () => 0;
      let rss: ReturnType<typeof sampleRss> | null = null;
      const startWindow = setTimeout(() => {
        cpu0 = f.server.cpu();
        load = loadMeter();
        rss = sampleRss(f.server.pid);
        recording = true;
      }, from - t0);
      const phases = Array.from({ length: cfg.writers }, () => r.float());
      const sent = await typeOnSchedule(cfg.writers, cfg.rate, (i) => phases[i]!, to, { from, to }, key);
      clearTimeout(startWindow);
      const cpu = f.server.cpu() - cpu0;
      const loadFraction = load();
      const memory = (rss as ReturnType<typeof sampleRss> | null)?.stop() ?? { peak: 0, mean: 0 };
      recording = false;
      const receivers = cfg.writers - 1 + cfg.readers + cfg.thin;
      const expected = latency.marked * receivers;
      await waitFor(() => latency.samples.length >= expected, 5000);
      const diverged = divergence(full, f.sids.slice(0, cfg.writers));
      const sentRatio = sent.scheduled ? sent.onTime / sent.scheduled : 0;
      const m = {
        cpuPct: (cpu / opts.measureS) * 100,
        p50ms: quantile(latency.samples, 0.5),
        p99ms: quantile(latency.samples, 0.99),
        p999ms: quantile(latency.samples, 0.999),
        rssMB: memory.peak / 2 ** 20,
        lost: expected - latency.samples.length,
        diverged,
        loadPct: loadFraction * 100,
        sentPct: sentRatio * 100,
      };
      if (loadFraction > 0.9) return { valid: false, why: 'load generator saturated', m };
      if (sentRatio < 0.95) return { valid: false, why: 'sent < 95 % of scheduled edits', m };
      return { valid: true, m };
    } finally {
      for (const c of full) c.destroy();
      for (const t of thin) t.close();
      await stopFixture(f);
    }
  }
}

/** How many full clients disagree with the first one on any typed section (should be 0). */
function divergence(clients: FullClient[], sids: string[]): number {
  const text = (c: FullClient) =>
    sids.map((sid) => c.doc.getXmlFragment(bodyRoot(sid)).toString()).join('\n');
  const first = text(clients[0]!);
  return clients.filter((c) => text(c) !== first).length;
}
