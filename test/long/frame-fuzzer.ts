/**
 * Frame fuzzer over real sockets: several writers, each on its own socket and section, send a stream of
 * frames — honest edits, sync requests, awareness, crafted attacks, random bytes and mutations of frames
 * sent before, in batches closed by a WebSocket ping: its pong means the server has handled them all (the
 * room's work is synchronous), a close that it refused one. The test watches each frame at the room.
 */

import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { awarenessFrame, step1Frame, step2Frame, updateFrame } from '../helpers/room-harness.ts';
import { ATTACK_NAMES, ATTACKS } from './attacks.ts';

export type Rnd = (n: number) => number;

export interface FuzzTarget {
  url: string;
  /** The server's live doc (in-process), to craft frames against. */
  doc: () => Y.Doc;
  sectionId: string;
  victims: { sections: string[]; clients: number[] };
}

/** The kinds of frames a batch sent, and the close code if the server refused one of them. */
export type BatchResult = { kinds: string[]; closed: number | null };

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // A constant mask: the fuzzer's own CPU goes to frames, not to random masks.
    const ws = new WebSocket(url, { generateMask: () => {} });
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code} before the greeting`)));
  });
}

/** An awareness update for one client id (encoded by hand: a Y.Doc per frame would cost more than the frame). */
function awarenessUpdate(clientID: number, clock: number, state: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientID);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}

function mutate(frame: Uint8Array, rnd: Rnd, corpus: Uint8Array[]): Uint8Array {
  const out = Array.from(frame);
  switch (rnd(6)) {
    case 0:
      for (let n = 1 + rnd(4); n > 0 && out.length; n--) out[rnd(out.length)] = rnd(256);
      break;
    case 1:
      out.length = rnd(out.length + 1);
      break;
    case 2:
      for (let n = 1 + rnd(8); n > 0; n--) out.splice(rnd(out.length + 1), 0, rnd(256));
      break;
    case 3:
      out.push(...(corpus[rnd(corpus.length)] ?? []));
      break;
    case 4:
      if (out.length) out[0] = rnd(8) === 0 ? 0x80 | rnd(128) : rnd(6);
      break;
    default:
      if (out.length > 2) out[1 + rnd(2)] = [0, 1, 2, 9, 0xff][rnd(5)]!;
  }
  return new Uint8Array(out);
}

/** One fuzzing socket: keeps a mirror of its own edits so most of its honest frames are valid. */
export class FuzzSocket {
  private ws: WebSocket | null = null;
  private mirror = new Y.Doc();
  private clientID = 0;
  private seq = 0;
  private awarenessClock = 0;
  private readonly corpus: Uint8Array[] = [];

  constructor(
    private readonly target: FuzzTarget,
    private readonly rnd: Rnd,
  ) {}

  private async reconnect(): Promise<WebSocket> {
    this.ws?.terminate();
    const ws = await open(this.target.url);
    const server = this.target.doc();
    // A mutated frame may have written under the mirror's client id: start over from the server's doc.
    if (this.clientID === 0 || Y.getState(server.store, this.clientID) > this.clock()) {
      this.mirror.destroy();
      this.mirror = new Y.Doc();
      Y.applyUpdate(this.mirror, Y.encodeStateAsUpdate(server));
      this.clientID = 1_000_000 + this.rnd(1_000_000_000);
      this.mirror.clientID = this.clientID;
    }
    // Like a stock client: a sync step 2 with whatever the server lacks (edits dropped after a refusal).
    ws.send(step2Frame(Y.encodeStateAsUpdate(this.mirror, Y.encodeStateVector(server))));
    this.ws = ws;
    return ws;
  }

  private clock(): number {
    return Y.getState(this.mirror.store, this.clientID);
  }

  /** An edit of the socket's own section, made on the mirror; returns its update. */
  private edit(): Uint8Array {
    const rnd = this.rnd;
    let update: Uint8Array = new Uint8Array([0, 0]);
    const capture = (u: Uint8Array) => {
      update = u;
    };
    this.mirror.once('update', capture);
    this.mirror.transact(() => {
      const body = this.mirror.getXmlFragment(bodyRoot(this.target.sectionId));
      const p = body.length ? (body.get(rnd(body.length)) as Y.XmlElement) : null;
      const t = p?.get(0) as Y.XmlText | undefined;
      if (!t || rnd(8) === 0) {
        const q = new Y.XmlElement('paragraph');
        q.insert(0, [new Y.XmlText('模糊测试')]);
        body.insert(rnd(body.length + 1), [q]);
      } else if (body.length > 8 && rnd(4) === 0) body.delete(rnd(body.length), 1);
      else if (t.length > 3 && rnd(2) === 0) t.delete(rnd(t.length - 2), 2);
      else t.insert(rnd(t.length + 1), '字');
    });
    this.mirror.off('update', capture);
    return update;
  }

  /** A frame of a random kind, and the kind's name. */
  private next(): [string, Uint8Array] {
    // About one frame in nine is refused (and costs a reconnect): mostly mutations, then random bytes,
    // malformed state vectors, awareness for someone else's client id and crafted attacks (few: each
    // copies the whole doc; test/attack-differential.test.ts sends them by the thousand).
    const rnd = this.rnd;
    const r = rnd(1000);
    if (r < 590) return ['edit', rnd(4) ? updateFrame(this.edit()) : step2Frame(this.edit())];
    if (r < 670) {
      // Mostly the server's own state vector (a small reply); sometimes one that asks for a lot, or garbage.
      // Also made-up client ids and clocks past the server's (answered from the normalized cache).
      const which = rnd(22);
      const made = () =>
        new Map([
          [1_000_000 + rnd(1000), rnd(50)],
          [this.clientID, 1e9],
        ]);
      const sv =
        which < 14
          ? Y.encodeStateVector(this.target.doc())
          : which < 17
            ? Y.encodeStateVector(this.mirror)
            : which < 18
              ? new Uint8Array([0])
              : which < 20
                ? Y.encodeStateVector(made())
                : new Uint8Array([rnd(256), rnd(256)]);
      return ['syncStep1', step1Frame(sv)];
    }
    if (r < 820) {
      const states = [
        { cursor: { anchor: rnd(100) } },
        null,
        { user: { id: 'forged', name: '冒名' } },
        { big: 'x'.repeat(5000) },
        { big: '述'.repeat(2000) }, // over the cap in bytes, not in characters
      ];
      const id = rnd(10) ? this.clientID : (this.target.victims.clients[rnd(2)] ?? 7);
      return [
        'awareness',
        awarenessFrame(awarenessUpdate(id, ++this.awarenessClock, states[rnd(states.length)])),
      ];
    }
    if (r < 890) return ['queryAwareness', new Uint8Array([3])];
    if (r < 900) {
      const name = ATTACK_NAMES[rnd(ATTACK_NAMES.length)]!;
      const update = ATTACKS[name]!(this.target.doc(), rnd, this.target.victims);
      return [`attack:${name}`, rnd(2) ? updateFrame(update) : step2Frame(update)];
    }
    if (r < 920) return ['random', new Uint8Array(Array.from({ length: rnd(64) }, () => rnd(256)))];
    const base = this.corpus[rnd(this.corpus.length)] ?? updateFrame(new Uint8Array([0, 0]));
    return ['mutated', mutate(base, rnd, this.corpus)];
  }

  /**
   * Sends up to `n` frames, then a ping, and waits for its pong (all handled) or the close (a frame was
   * refused; the server drops whatever followed it). Returns the kinds sent and the close code, if any.
   */
  async batch(n: number): Promise<BatchResult> {
    const ws = this.ws?.readyState === WebSocket.OPEN ? this.ws : await this.reconnect();
    const kinds: string[] = [];
    const seq = String(++this.seq);
    const closed = new Promise<number | null>((resolve) => {
      // Neither a pong nor a close within 10 s: the server hangs.
      const timer = setTimeout(() => finish(-1), 10_000);
      const finish = (code: number | null) => {
        clearTimeout(timer);
        ws.off('pong', onPong);
        ws.off('close', onClose);
        resolve(code);
      };
      const onPong = (data: Buffer) => {
        if (data.toString() === seq) finish(null);
      };
      const onClose = (code: number) => finish(code);
      ws.on('pong', onPong);
      ws.on('close', onClose);
    });
    const tcp = (ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    tcp.cork(); // one write for the whole batch
    for (let i = 0; i < n && ws.readyState === WebSocket.OPEN; i++) {
      const [kind, frame] = this.next();
      kinds.push(kind);
      if (this.corpus.length < 500) this.corpus.push(frame);
      else this.corpus[this.rnd(500)] = frame;
      ws.send(frame);
    }
    ws.ping(seq);
    tcp.uncork();
    return { kinds, closed: await closed };
  }

  close(): void {
    this.ws?.terminate();
    this.mirror.destroy();
  }
}
