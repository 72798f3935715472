import type net from 'node:net';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { userColor } from '../../shared/user-color.ts';
import { type Attempt, interleave } from '../lib/blocks.ts';
import { type FullClient, fullClient } from '../lib/clients.ts';
import { coreportTemplate, removeTemplate, startFixture, stopFixture } from '../lib/fixture.ts';
import type { Options } from '../lib/options.ts';
import { loadMeter, sampleRss, writtenBytes } from '../lib/proc.ts';
import type { Kind } from '../lib/servers.ts';
import { sleep, waitFor } from '../lib/stats.ts';

const CLIENTS = 200;
const SECTIONS = 5;
/** Clients arrive one by one over this time, so their 15 s awareness renewals are spread like real ones. */
const ARRIVAL_MS = 15_000;

/** A ws WebSocket class that keeps the TCP socket of each connection it opens, to count what the server sent. */
function countingSockets() {
  const sockets: net.Socket[] = [];
  class Counted extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.once('open', () => sockets.push((this as unknown as { _socket: net.Socket })._socket));
    }
  }
  return {
    // ws's own constructor type also has the server-side (null address) overload, which the subclass has not.
    Counted: Counted as unknown as typeof WebSocket,
    /** Connections opened so far (more than the clients: someone reconnected). */
    opened: () => sockets.length,
    /** Bytes received from the server on every socket: frames, headers, pings. */
    received: () => sockets.reduce((n, s) => n + s.bytesRead, 0),
  };
}

/**
 * Idle presence: 200 full clients (stock providers) with their awareness set once, as the app sets it (user,
 * active section), nobody typing. What remains is y-protocols' awareness renewal (every client re-sends its
 * state every 15 s, relayed to the 199 others) and pings. Server CPU and bytes sent (counted on the
 * clients' TCP sockets) over the measured window.
 */
export async function idlePresence(opts: Options) {
  const windowS = opts.full ? 60 : 20;
  const tpl = await coreportTemplate(0, SECTIONS);
  const name = `idle presence: ${CLIENTS} connected with awareness set once, nobody typing, ${windowS} s`;
  try {
    return await interleave('idle', name, opts.longBlocks, opts.retries, (kind) => once(kind));
  } finally {
    removeTemplate(tpl);
  }

  async function once(kind: Kind): Promise<Attempt> {
    const f = await startFixture(kind, tpl, 'bench-idle-presence');
    const counter = countingSockets();
    const clients: FullClient[] = [];
    try {
      for (let i = 0; i < CLIENTS; i++) {
        const doc = new Y.Doc();
        doc.clientID = 5000 + i;
        const c = fullClient(f.target, f.viewerToken, doc, counter.Counted);
        // What the app sets; coreport replaces it with the same fields of the signed-in account, the peers
        // relay it as sent, so every server carries states of the same size.
        const { id, displayName: name } = tpl.viewer;
        c.awareness.setLocalStateField('user', { id, name, color: userColor(id) });
        c.awareness.setLocalStateField('section', f.sids[i % SECTIONS] ?? null);
        clients.push(c);
        await sleep(ARRIVAL_MS / CLIENTS);
      }
      const all = await Promise.race([Promise.all(clients.map((c) => c.synced)), sleep(30_000)]);
      if (!all) return { valid: false, why: 'not every client synced', m: {} };
      const seen = () => Math.min(...clients.map((c) => c.awareness.getStates().size));
      if (!(await waitFor(() => seen() >= CLIENTS, 10_000)))
        return { valid: false, why: `a client sees only ${seen()} of ${CLIENTS} present`, m: {} };
      const cpu0 = f.server.cpu();
      const received0 = counter.received();
      const written0 = writtenBytes(f.server.pid);
      const load = loadMeter();
      const rss = sampleRss(f.server.pid);
      await sleep(windowS * 1000);
      const m = {
        cpuPct: ((f.server.cpu() - cpu0) / windowS) * 100,
        sentKBps: (counter.received() - received0) / windowS / 1024,
        writtenKBps: (writtenBytes(f.server.pid) - written0) / windowS / 1024,
        rssMB: rss.stop().peak / 2 ** 20,
        seenMin: seen(),
        reconnects: counter.opened() - CLIENTS,
        loadPct: load() * 100,
      };
      if (m.loadPct > 90) return { valid: false, why: 'load generator saturated', m };
      if (m.reconnects > 0) return { valid: false, why: `${m.reconnects} reconnects`, m };
      if (m.seenMin < CLIENTS) return { valid: false, why: `presence lost (${m.seenMin} seen)`, m };
      return { valid: true, m };
    } finally {
      for (const c of clients) c.destroy();
      await stopFixture(f);
    }
  }
}
