/**
 * One writer asking for durable acks and one stock reader on a report, through the nodes given: each
 * edit is timed to its ack (stored and committed) and to its arrival at the reader.
 */
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol.ts';
import { bodyText, typeInto } from '../../test/helpers/clients.ts';
import { sleep, waitFor } from '../lib/stats.ts';

export interface Probe {
  /** Types one character; resolves with [ms to ack, ms to the reader], or null when either timed out. */
  edit(timeoutMs?: number): Promise<[number, number] | null>;
  synced(): Promise<boolean>;
  destroy(): void;
}

function provider(wsUrl: string, reportId: string, token: string, acks: boolean) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(wsUrl, reportId, doc, {
    params: acks ? { token, acks: '1' } : { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 100,
  });
  return { doc, p };
}

export function probe(
  writerUrl: string,
  readerUrl: string,
  reportId: string,
  token: string,
  sectionId: string,
): Probe {
  const writer = provider(writerUrl, reportId, token, true);
  const reader = provider(readerUrl, reportId, token, false);
  let acked = 0;
  let ackWaiter: (() => void) | null = null;
  let wanted = 0;
  writer.p.messageHandlers[MessageType.ack] = (_encoder, decoder) => {
    const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    acked = Math.max(acked, sv.get(writer.doc.clientID) ?? 0);
    if (acked >= wanted) ackWaiter?.();
  };
  let readerWaiter: (() => void) | null = null;
  let readerWants = 0;
  reader.doc.on('update', () => {
    if (readerWaiter && bodyText(reader.doc, sectionId).length >= readerWants) readerWaiter();
  });
  const timed = (arm: (done: () => void) => void, timeoutMs: number, start: number) =>
    new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      arm(() => {
        clearTimeout(timer);
        resolve(performance.now() - start);
      });
    });
  return {
    synced: () => waitFor(() => writer.p.synced && reader.p.synced, 20_000),
    async edit(timeoutMs = 10_000) {
      const at = bodyText(writer.doc, sectionId).length;
      readerWants = at + 1;
      const start = performance.now();
      typeInto(writer.doc, sectionId, '字', at);
      wanted = Y.getState(writer.doc.store, writer.doc.clientID);
      const ack =
        acked >= wanted
          ? Promise.resolve(0)
          : timed(
              (done) => {
                ackWaiter = done;
              },
              timeoutMs,
              start,
            );
      const seen =
        bodyText(reader.doc, sectionId).length >= readerWants
          ? Promise.resolve(performance.now() - start)
          : timed(
              (done) => {
                readerWaiter = done;
              },
              timeoutMs,
              start,
            );
      const [a, r] = await Promise.all([ack, seen]);
      ackWaiter = null;
      readerWaiter = null;
      await sleep(0);
      return a === null || r === null ? null : [a, r];
    },
    destroy() {
      writer.p.destroy();
      reader.p.destroy();
    },
  };
}

/**
 * Keeps typing (one character every `everyMs`) until an edit is acknowledged while `movedOn()` holds (the
 * report is another node's): ms from `since`. (Edits the old owner acknowledged while stopping do not count.)
 */
export async function ackedAgainAfter(
  p: Probe,
  since: number,
  movedOn: () => Promise<boolean>,
  everyMs = 50,
  timeoutMs = 30_000,
) {
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    const result = await p.edit(everyMs * 4);
    if (result && (await movedOn())) return performance.now() - since;
    await sleep(everyMs);
  }
  return Number.NaN;
}
