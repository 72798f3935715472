import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MAX_AWARENESS_STATE_BYTES = 4096;

export interface Stamp {
  id: string;
  name: string;
  color: string;
}

/**
 * Rewrites an awareness update so it speaks only for `clientId` (others' entries are dropped) and its
 * `user` field is the authenticated one. Returns null when nothing is left. Throws on malformed input.
 */
export function stampAwareness(update: Uint8Array, clientId: number, stamp: Stamp): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: [number, number, string][] = [];
  let unchanged = 0;
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (id !== clientId || Buffer.byteLength(json) > MAX_AWARENESS_STATE_BYTES) continue;
    const state = JSON.parse(json) as unknown;
    if (state === null) {
      if (json === 'null') unchanged++;
      kept.push([id, clock, 'null']);
    } else if (typeof state === 'object' && !Array.isArray(state)) {
      const { user } = state as { user?: unknown };
      if (isStamp(user, stamp)) {
        unchanged++;
        kept.push([id, clock, json]);
      } else kept.push([id, clock, JSON.stringify({ ...state, user: stamp })]);
    }
  }
  if (kept.length === 0) return null;
  // One entry, already what stamping would make of it (the app sets the same user; only the caret
  // moved): relayed as sent, without a second JSON.stringify and encoding.
  if (count === 1 && unchanged === 1 && decoder.pos === update.length) return update;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const [id, clock, json] of kept) {
    encoding.writeVarUint(encoder, id);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

/** Whether `user` is exactly the stamp: the same three fields and nothing else. */
function isStamp(user: unknown, stamp: Stamp): boolean {
  if (typeof user !== 'object' || user === null) return false;
  const u = user as Record<string, unknown>;
  return u.id === stamp.id && u.name === stamp.name && u.color === stamp.color && Object.keys(u).length === 3;
}

/** The client id of the first entry of an awareness update, to bind a connection on first use. */
export function firstAwarenessClient(update: Uint8Array): number | null {
  const decoder = decoding.createDecoder(update);
  return decoding.readVarUint(decoder) > 0 ? decoding.readVarUint(decoder) : null;
}
