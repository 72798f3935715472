/**
 * WebSocket protocol constants shared by server and client.
 * Message tags follow y-websocket; close codes are part of the public contract.
 */

export const MessageType = {
  sync: 0,
  awareness: 1,
  /** Opt-in (`?acks=1`): the server's durably stored state vector. Stock clients never see it. */
  ack: 100,
  /** Sent by some clients to ask for every awareness state. */
  queryAwareness: 3,
} as const;

export { CloseCode } from './close-codes.ts';

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

/** WebSocket close reasons are limited to 123 bytes of UTF-8; cut on a character boundary. */
export function closeReason(text: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= 123) return text;
  let out = '';
  for (const ch of text) {
    if (encoder.encode(out + ch).length > 120) break;
    out += ch;
  }
  return `${out}…`;
}
