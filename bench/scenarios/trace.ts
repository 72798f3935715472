import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { type Attempt, interleave } from '../lib/blocks.ts';
import { fullClient, ThinClient } from '../lib/clients.ts';
import { coreportTemplate, dataFile, removeTemplate, startFixture, stopFixture } from '../lib/fixture.ts';
import type { Options } from '../lib/options.ts';
import { loadMeter, sampleRss } from '../lib/proc.ts';
import type { Kind } from '../lib/servers.ts';
import { sleep } from '../lib/stats.ts';

/** The writer's Yjs client id; the prepared updates carry it. */
export const WRITER = 4242;
/** Edits in flight before the sender waits for both receivers: as fast as possible, but bounded. */
const WINDOW = 1000;

interface Trace {
  /** The two empty paragraphs the trace and the end marker go into, under `body:<sid>`. */
  setup(sid: string): Uint8Array;
  updates: Uint8Array[];
  /** The writer's clock after each update (deletes do not advance it). */
  clockAfter: Int32Array;
  /** One character typed into the second paragraph after the trace: seen by a receiver, everything was. */
  marker: Uint8Array;
  markerClock: number;
  endText: string;
}

const skeleton = (doc: Y.Doc, sid: string) => {
  const body = doc.getXmlFragment(bodyRoot(sid));
  const paragraphs = [0, 1].map(() => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText()]);
    return p;
  });
  body.push(paragraphs);
  return paragraphs.map((p) => p.get(0) as Y.XmlText);
};

/** Turns the first `limit` B4 edits into the keystroke updates a Yjs editor would send, once per bench run. */
export function prepareTrace(limit: number | null): Trace {
  const raw = JSON.parse(gunzipSync(fs.readFileSync(dataFile('automerge-paper.json.gz'))).toString()) as {
    txns: { patches: [number, number, string][] }[];
  };
  const txns = limit ? raw.txns.slice(0, limit) : raw.txns;
  const doc = new Y.Doc();
  doc.clientID = WRITER;
  // Only the skeleton names the root; the trace's structs point at the paragraph by id, so the same
  // prepared updates fit any section id.
  const [text, end] = skeleton(doc, 'placeholder');
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const clockAfter = new Int32Array(txns.length);
  for (const [i, txn] of txns.entries()) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del) text!.delete(pos, del);
        if (ins) text!.insert(pos, ins);
      }
    });
    clockAfter[i] = Y.getState(doc.store, WRITER);
  }
  end!.insert(0, '完');
  const marker = updates.pop()!;
  const setup = (sid: string) => {
    const d = new Y.Doc();
    d.clientID = WRITER;
    skeleton(d, sid);
    return Y.encodeStateAsUpdate(d);
  };
  return {
    setup,
    updates,
    clockAfter,
    marker,
    markerClock: Y.getState(doc.store, WRITER),
    endText: text!.toString(),
  };
}

/** Scenario b: the B4 trace replayed through each server to two receivers; then late joins. */
export async function trace(opts: Options) {
  const t = prepareTrace(opts.traceEdits);
  const tpl = await coreportTemplate(1);
  const name = `B4 trace: ${t.updates.length.toLocaleString('en')} edits as fast as possible to 2 receivers; late join`;
  try {
    return await interleave('b', name, opts.blocks, opts.retries, (kind) => once(kind));
  } finally {
    removeTemplate(tpl);
  }

  async function once(kind: Kind): Promise<Attempt> {
    // A short idle time lets coreport unload the report once everyone left, for the cold join from SQLite.
    const f = await startFixture(kind, tpl, 'bench-b4', { ROOM_IDLE_MS: '200' });
    const sid = f.sids[0]!;
    const clients: { close(): void }[] = [];
    try {
      const progress = [0, 0];
      let wake: (() => void) | null = null;
      const receivers = [0, 1].map((r) => {
        const c = new ThinClient(f.target, f.viewerToken, (u) => {
          const clock = Y.parseUpdateMeta(u).to.get(WRITER);
          if (clock !== undefined && clock > progress[r]!) progress[r] = clock;
          wake?.();
        });
        clients.push(c);
        return c;
      });
      const writer = new ThinClient(f.target, f.writerTokens[0]!);
      clients.push(writer);
      await Promise.all([...receivers, writer].map((c) => c.synced));
      writer.sendUpdate(t.setup(sid));
      const reached = (clock: number) => Math.min(progress[0]!, progress[1]!) >= clock;
      const until = (clock: number) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (reached(clock) || !writer.open) {
              wake = null;
              resolve();
            } else wake = check;
          };
          check();
        });
      // The first tenth warms the server up and is not counted.
      const warm = Math.floor(t.updates.length / 10);
      let cpu0 = 0;
      let started = 0;
      let load: () => number = () => 0;
      let rss: ReturnType<typeof sampleRss> | null = null;
      for (let i = 0; i < t.updates.length; i++) {
        if (i >= WINDOW && !reached(t.clockAfter[i - WINDOW]!)) {
          const ok = await Promise.race([until(t.clockAfter[i - WINDOW]!).then(() => true), sleep(30_000)]);
          if (!ok) return { valid: false, why: `stalled at edit ${i}, receivers at ${progress}`, m: {} };
        }
        if (!writer.open) {
          await sleep(200);
          return { valid: false, why: `writer disconnected: ${writer.closed}`, m: {} };
        }
        if (i === warm) {
          cpu0 = f.server.cpu();
          started = performance.now();
          load = loadMeter();
          rss = sampleRss(f.server.pid);
        }
        writer.sendUpdate(t.updates[i]!);
      }
      writer.sendUpdate(t.marker);
      const done = await Promise.race([
        until(t.markerClock).then(() => true),
        sleep(120_000).then(() => false),
      ]);
      const cpu = f.server.cpu() - cpu0;
      const seconds = (performance.now() - started) / 1000;
      const loadFraction = load();
      const memory = (rss as ReturnType<typeof sampleRss> | null)?.stop() ?? { peak: 0 };
      if (!done) return { valid: false, why: 'receivers did not get every edit', m: {} };
      const edits = t.updates.length - warm;
      const m: Record<string, number> = {
        usPerEdit: (cpu / edits) * 1e6,
        editsPerS: edits / seconds,
        rssMB: memory.peak / 2 ** 20,
        loadPct: loadFraction * 100,
      };
      const warmJoin = await join(kind, f, sid, t.endText);
      if (warmJoin === null) return { valid: false, why: 'late joiner got a different text', m };
      m.joinWarmMs = warmJoin;
      if (kind === 'coreport') {
        for (const c of clients.splice(0)) c.close();
        await sleep(1500); // idle time passes, the room is compacted and unloaded
        const cold = await join(kind, f, sid, t.endText);
        if (cold === null) return { valid: false, why: 'cold joiner got a different text', m };
        m.joinColdMs = cold;
      }
      return { valid: true, m };
    } finally {
      for (const c of clients) c.close();
      await stopFixture(f);
    }
  }
}

/** Milliseconds until a new full client has synced the whole document; null if its text is wrong. */
async function join(kind: Kind, f: Awaited<ReturnType<typeof startFixture>>, sid: string, expected: string) {
  const start = performance.now();
  const c = fullClient(f.target, f.viewerToken);
  try {
    await Promise.race([c.synced, sleep(30_000)]);
    const ms = performance.now() - start;
    const p = c.doc.getXmlFragment(bodyRoot(sid)).get(0) as Y.XmlElement | undefined;
    const text = (p?.get(0) as Y.XmlText | undefined)?.toString();
    void kind;
    return text === expected ? ms : null;
  } finally {
    c.destroy();
  }
}
