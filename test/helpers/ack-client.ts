/**
 * A stock y-websocket provider that also asks for durable acks (`?acks=1`) and reads message type 100,
 * the state vector the server has committed to SQLite.
 */
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol.ts';

export interface AckClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Highest clock of this client's own id that the server has acknowledged as stored. */
  ackedClock(): number;
  /** Close codes seen so far (a 44xx stops a stock provider for good). */
  closes: number[];
  destroy(): void;
}

export function connectWithAcks(
  wsUrl: string,
  reportId: string,
  token: string,
  options: { maxBackoffTime?: number } = {},
): AckClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, reportId, doc, {
    params: { token, acks: '1' },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: options.maxBackoffTime ?? 100,
  });
  let acked = 0;
  provider.messageHandlers[MessageType.ack] = (_encoder, decoder) => {
    const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    acked = Math.max(acked, sv.get(doc.clientID) ?? 0);
  };
  const closes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closes.push(event.code);
  });
  return {
    doc,
    provider,
    ackedClock: () => acked,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
