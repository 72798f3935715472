import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from '../../shared/protocol.ts';

/** Encoders for the messages the server sends and the decoder of those it accepts (y-websocket framing). */

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncStep1Message = (stateVector: Uint8Array) =>
  message(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncStep.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });

export const syncStep2Message = (update: Uint8Array) =>
  message(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncStep.step2);
    encoding.writeVarUint8Array(e, update);
  });

export const updateMessage = (update: Uint8Array) =>
  message(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncStep.update);
    encoding.writeVarUint8Array(e, update);
  });

export const awarenessMessage = (update: Uint8Array) =>
  message(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, update));

/** The opt-in durable acknowledgement: the state vector committed to storage. */
export const ackMessage = (stateVector: Uint8Array) =>
  message(MessageType.ack, (e) => encoding.writeVarUint8Array(e, stateVector));

/** An inbound frame the room understands: a sync message (`sub` = step) or awareness / query-awareness. */
export type Frame =
  | { type: typeof MessageType.sync; sub: number; payload: Uint8Array }
  | { type: typeof MessageType.awareness | typeof MessageType.queryAwareness; payload: Uint8Array };

/** Reads one frame; null for anything malformed or of an unknown type. */
export function decodeFrame(data: Uint8Array): Frame | null {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) {
      const sub = decoding.readVarUint(decoder);
      if (sub !== SyncStep.step1 && sub !== SyncStep.step2 && sub !== SyncStep.update) return null;
      return { type, sub, payload: decoding.readVarUint8Array(decoder) };
    }
    if (type === MessageType.awareness) return { type, payload: decoding.readVarUint8Array(decoder) };
    if (type === MessageType.queryAwareness) return { type, payload: new Uint8Array() };
    return null;
  } catch {
    return null;
  }
}
