import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Kind } from './servers.ts';

/** One document on one server under test. For coreport `doc` is the report id. */
export interface Target {
  kind: Kind;
  port: number;
  doc: string;
}

const HOCUS_AUTH = 2;
const HOCUS_SYNC_REPLY = 4;
const SYNC = 0;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;

/** A full Yjs client: a Y.Doc kept in sync by the stock provider of that server. */
export interface FullClient {
  doc: Y.Doc;
  awareness: Awareness;
  synced: Promise<void>;
  destroy(): void;
}

/**
 * Connects a stock provider: y-websocket's for the reference and coreport, Hocuspocus's own for Hocuspocus.
 * `Socket` replaces ws's WebSocket class (a subclass that counts bytes, for instance).
 */
export function fullClient(
  t: Target,
  token: string,
  doc = new Y.Doc(),
  Socket: typeof WebSocket = WebSocket,
): FullClient {
  const Polyfill = Socket as unknown as typeof globalThis.WebSocket;
  if (t.kind === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({
      url: `ws://127.0.0.1:${t.port}`,
      WebSocketPolyfill: Polyfill,
    });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: t.doc, document: doc, token });
    provider.attach();
    const synced = new Promise<void>((r) => provider.on('synced', () => r()));
    const destroy = () => {
      provider.destroy();
      socket.destroy();
    };
    return { doc, awareness: provider.awareness!, synced, destroy };
  }
  const base = t.kind === 'coreport' ? `ws://127.0.0.1:${t.port}/ws` : `ws://127.0.0.1:${t.port}`;
  const provider = new WebsocketProvider(base, t.doc, doc, {
    params: t.kind === 'coreport' ? { token } : {},
    WebSocketPolyfill: Polyfill,
    disableBc: true,
  });
  const synced = new Promise<void>((r) => provider.on('sync', (s: boolean) => s && r()));
  return { doc, awareness: provider.awareness, synced, destroy: () => provider.destroy() };
}

/**
 * A protocol-level client without a Y.Doc: it syncs from an empty state, hands every received update to
 * `onUpdate` (the thin receivers of the fan-out and the trace replay) and can send prepared updates.
 */
export class ThinClient {
  readonly synced: Promise<void>;
  /** Close code and reason once the socket closed. */
  closed: string | null = null;
  private readonly ws: WebSocket;
  private readonly prefix: Uint8Array;

  constructor(t: Target, token: string, onUpdate: (update: Uint8Array) => void = () => {}) {
    const url =
      t.kind === 'coreport'
        ? `ws://127.0.0.1:${t.port}/ws/${t.doc}?token=${token}`
        : t.kind === 'reference'
          ? `ws://127.0.0.1:${t.port}/${t.doc}`
          : `ws://127.0.0.1:${t.port}`;
    // Hocuspocus multiplexes documents on one socket: every message starts with the document name.
    const e = encoding.createEncoder();
    if (t.kind === 'hocuspocus') encoding.writeVarString(e, t.doc);
    this.prefix = encoding.toUint8Array(e);
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    let resolveSynced!: () => void;
    this.synced = new Promise((r) => {
      resolveSynced = r;
    });
    this.ws.on('open', () => {
      if (t.kind === 'hocuspocus')
        this.send(HOCUS_AUTH, (enc) => {
          encoding.writeVarUint(enc, 0); // AuthMessageType.Token
          encoding.writeVarString(enc, token);
        });
      this.send(SYNC, (enc) => {
        encoding.writeVarUint(enc, STEP1);
        encoding.writeVarUint8Array(enc, new Uint8Array([0]));
      });
    });
    this.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (t.kind === 'hocuspocus') decoding.readVarString(d);
      const type = decoding.readVarUint(d);
      if (type !== SYNC && type !== HOCUS_SYNC_REPLY) return;
      const sub = decoding.readVarUint(d);
      // Answer the server's step 1 like a stock client does (with nothing: this client keeps no state).
      if (sub === STEP1)
        this.send(SYNC, (e) => {
          encoding.writeVarUint(e, STEP2);
          encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
        });
      if (sub !== STEP2 && sub !== UPDATE) return;
      onUpdate(decoding.readVarUint8Array(d));
      if (sub === STEP2) resolveSynced();
    });
    this.ws.on('error', () => {});
    this.ws.on('close', (code, reason) => {
      this.closed = `${code} ${reason.toString()}`;
    });
  }

  private send(type: number, body: (e: encoding.Encoder) => void): void {
    const e = encoding.createEncoder();
    encoding.writeUint8Array(e, this.prefix);
    encoding.writeVarUint(e, type);
    body(e);
    this.ws.send(encoding.toUint8Array(e));
  }

  /** Sends one Yjs update as a sync-update message. */
  sendUpdate(update: Uint8Array): void {
    this.send(SYNC, (e) => {
      encoding.writeVarUint(e, UPDATE);
      encoding.writeVarUint8Array(e, update);
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.terminate();
  }
}
