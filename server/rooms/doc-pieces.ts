/**
 * A large stored update (a report's snapshot, or its import: 1.5 MB at the import limits) cut into
 * pieces that, applied one after another, build the same doc. Applying it whole holds the event loop
 * 200–300 ms; a piece of PIECE_WEIGHT holds it a few. Runs in a worker (parse-worker.ts): decoding the
 * update is itself 40–100 ms.
 *
 * Each piece is causally closed over the pieces before it: a struct's origin, right origin and parent
 * are emitted before it (the order yjs integrates in), so no piece leaves structs pending for a later
 * one. The delete set comes last, in a piece of its own, once every struct it names is there.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

type Struct = Y.Item | Y.GC | Y.Skip;

/** How much one piece holds: structs, plus their content at one per 64 characters. */
export const PIECE_WEIGHT = 1500;

const weightOf = (s: Struct) => 1 + (s instanceof Y.Item ? s.length >> 6 : 0);

/** Each client's structs, in the order given. */
function byClient(structs: Struct[]): Map<number, Struct[]> {
  const lists = new Map<number, Struct[]>();
  for (const s of structs) {
    const list = lists.get(s.id.client);
    if (list) list.push(s);
    else lists.set(s.id.client, [s]);
  }
  return lists;
}

/** The structs an item needs in the doc before it: where it was inserted, and its parent. */
function dependencies(s: Struct): Y.ID[] {
  if (!(s instanceof Y.Item)) return [];
  const deps: Y.ID[] = [];
  if (s.origin) deps.push(s.origin);
  if (s.rightOrigin) deps.push(s.rightOrigin);
  if (s.parent instanceof Y.ID) deps.push(s.parent);
  return deps;
}

/**
 * The update's structs in an order where each comes after those it depends on (per client, clock order
 * is kept). A dependency outside the update is taken to be in the doc already (an earlier entry); a
 * cycle, which no valid update has, is left to yjs (it parks what it cannot place).
 */
export function causalOrder(structs: Struct[]): Struct[] {
  const lists = byClient(structs);
  const next = new Map<number, number>([...lists.keys()].map((client) => [client, 0]));
  /** Whether the struct holding `id` is in this update and not emitted yet. */
  const waiting = (id: Y.ID) => {
    const list = lists.get(id.client);
    if (!list) return false;
    const i = next.get(id.client)!;
    const last = list[list.length - 1]!;
    return i < list.length && id.clock >= list[i]!.id.clock && id.clock < last.id.clock + last.length;
  };
  const out: Struct[] = [];
  for (const client of lists.keys()) {
    // Emit this client's structs; an unmet dependency first emits its client's structs up to it.
    const stack: { client: number; until: number }[] = [{ client, until: Number.POSITIVE_INFINITY }];
    const onStack = new Set([client]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const list = lists.get(top.client)!;
      const i = next.get(top.client)!;
      if (i >= list.length || list[i]!.id.clock >= top.until) {
        stack.pop();
        onStack.delete(top.client);
        continue;
      }
      const s = list[i]!;
      const unmet = dependencies(s).find((d) => !onStack.has(d.client) && waiting(d));
      if (unmet) {
        stack.push({ client: unmet.client, until: unmet.clock + 1 });
        onStack.add(unmet.client);
        continue;
      }
      out.push(s);
      next.set(top.client, i + 1);
    }
  }
  return out;
}

/** One update (v1) of `structs`, each client's a run in clock order, with an empty delete set. */
function encodeStructs(structs: Struct[]): Uint8Array {
  const runs = byClient(structs);
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, runs.size);
  for (const [client, run] of runs) {
    encoding.writeVarUint(encoder.restEncoder, run.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, run[0]!.id.clock);
    for (const s of run) s.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

/** An update (v1) holding only a delete set. */
function encodeDeleteSet(ds: ReturnType<typeof Y.decodeUpdate>['ds']): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 0);
  encoding.writeVarUint(encoder.restEncoder, ds.clients.size);
  for (const [client, ranges] of ds.clients) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
  return encoder.toUint8Array();
}

/** `update` as pieces of about `weight` each, in the order to apply them (see the file's comment). */
export function splitUpdate(update: Uint8Array, weight = PIECE_WEIGHT): Uint8Array[] {
  const { structs, ds } = Y.decodeUpdate(update);
  const pieces: Uint8Array[] = [];
  let piece: Struct[] = [];
  let held = 0;
  for (const s of causalOrder(structs)) {
    piece.push(s);
    held += weightOf(s);
    if (held < weight) continue;
    pieces.push(encodeStructs(piece));
    piece = [];
    held = 0;
  }
  if (piece.length > 0) pieces.push(encodeStructs(piece));
  if (ds.clients.size > 0) pieces.push(encodeDeleteSet(ds));
  return pieces;
}

/** Stored updates above this size are cut; smaller ones are pieces as they are. */
export const PIECE_BYTES = 64 * 1024;

/** A stored doc's updates (snapshot first) as pieces to apply in order, and merged into one. */
export function splitStored(blobs: Uint8Array[]): { pieces: Uint8Array[]; merged: Uint8Array } {
  const pieces = blobs.flatMap((blob) => (blob.length > PIECE_BYTES ? splitUpdate(blob) : [blob]));
  return { pieces, merged: blobs.length === 1 ? blobs[0]! : Y.mergeUpdates(blobs) };
}
