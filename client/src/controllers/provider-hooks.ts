/**
 * Small additions to the stock y-websocket provider, through its public message-handler table
 * and awareness events: durable-save tracking (`?acks=1`) and sending only our own awareness.
 */
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MessageType, SyncStep } from '../../../shared/protocol.ts';
import { SaveTracker } from '../doc/saved-state.ts';

/**
 * Follow what the server has stored: acks (type 100), its sync step 1, and updates it relays.
 * `onChange` gets whether everything local is stored, after every change that may alter it.
 */
export function trackSaves(
  doc: Y.Doc,
  provider: WebsocketProvider,
  onChange: (saved: boolean) => void,
): SaveTracker {
  const saves = new SaveTracker(doc);
  const refresh = () => onChange(saves.saved);
  provider.messageHandlers[MessageType.ack] = (_encoder, decoder) => {
    saves.ack(decoding.readVarUint8Array(decoder));
    refresh();
  };
  const sync = provider.messageHandlers[MessageType.sync]!;
  provider.messageHandlers[MessageType.sync] = (encoder, decoder, p, emitSynced, type) => {
    // The server's sync step 1 names the state it holds, loaded from or written to storage.
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) === SyncStep.step1) saves.ack(decoding.readVarUint8Array(peek));
    sync(encoder, decoder, p, emitSynced, type);
    refresh();
  };
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === provider) saves.ackTransaction(tr);
    refresh();
  });
  return saves;
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/**
 * The stock provider re-sends every awareness change it hears, others' included; the server
 * drops those (a connection speaks for one client id), so they are only traffic, one echo per
 * reader per caret move. Send our own state's changes only.
 */
export function speakOnlyForSelf(provider: WebsocketProvider): void {
  const send = provider._awarenessUpdateHandler;
  const self = provider.doc.clientID;
  provider.awareness.off('update', send);
  provider.awareness.on('update', (change: AwarenessChange, origin: unknown) => {
    const mine = (ids: number[]) => ids.filter((id) => id === self);
    const own = { added: mine(change.added), updated: mine(change.updated), removed: mine(change.removed) };
    if (own.added.length + own.updated.length + own.removed.length > 0) send(own, origin);
  });
}
