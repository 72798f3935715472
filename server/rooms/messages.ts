import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from '../../shared/protocol.ts';

/** Encoders for the messages the server sends (y-websocket framing). */

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
