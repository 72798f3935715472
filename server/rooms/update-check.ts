/**
 * Server-side update analysis: decode a client's update against the server's doc, without
 * applying it, and report every root type it writes (DESIGN.md "Server-side enforcement").
 *
 * Rules (yjs 13.6 semantics; the analysis is valid only until `doc` changes, so apply right after):
 * - Structs the server already has are skipped (only the new tail of a partly known struct counts),
 *   but their references must still exist (yjs looks them up and would park the rest as pending)
 *   and a root they name must exist (yjs creates it while decoding).
 * - A new struct's roots are those of *every* reference it carries (parent, origin, rightOrigin),
 *   resolved in the server's store or among the update's own new structs (any client, any order).
 *   A reference to garbage-collected content contributes no root: yjs turns the struct into GC
 *   (this is what an offline edit inside a paragraph someone else deleted looks like; rejecting it
 *   would lock that user out on every reconnect).
 * - Deleted ranges: see update-check-deletes.ts (already deleted / GC'd parts skipped; deletion of
 *   content the server lacks and the update does not bring is rejected).
 * - Rejected: decode errors, more than `maxClients` clients (while decoding), clock gaps, unknown references and reference cycles, too many structs
 *   or delete ranges, types nested deeper than `maxDepth`, subdocuments, map entries on a `body:`
 *   root, any struct (GC and Skip included) advancing its client's clock by more than
 *   `maxClockAdvance`, one client appearing twice, a partly known struct that would not continue
 *   the server's last struct of its client (yjs throws half-way there), a Skip under a client the
 *   server has nothing of (a stock client never sends one; it would only bind a new id).
 *   GC structs under a new client are accepted: an offline edit inside a paragraph its author then
 *   deleted is exactly that. New client ids are capped per user by the room (write-quotas.ts).
 * The caller still has to check that `roots` are writable and that `clients` belong to the user.
 */
import * as Y from 'yjs';
import { analyzeDeletes } from './update-check-deletes.ts';
import { idText, type NewPart, Rejection, Resolver, reject, rejectMissing } from './update-check-resolve.ts';

export interface UpdateLimits {
  maxStructs: number;
  /**
   * Clients (per-client sections) one update may carry. A stock client's update holds its own ids and
   * rarely a few more; thousands cost seconds to decode before any other rule could refuse them.
   */
  maxClients: number;
  maxClockAdvance: number;
  maxDepth: number;
}

/** Limits used when the caller passes none. */
export const DEFAULT_UPDATE_LIMITS: Readonly<UpdateLimits> = {
  maxStructs: 100_000,
  maxClients: 256,
  maxClockAdvance: 16_000_000,
  maxDepth: 64,
};

export type UpdateAnalysis =
  | {
      ok: true;
      roots: Set<string>;
      clients: Set<number>;
      empty: boolean;
      /** Texts whose format markers the update deletes (not in `roots`), each with its root. */
      markers: Map<Y.Text, string>;
    }
  | { ok: false; reason: string; missing?: boolean };

/** Decode `update` against the server's `doc` without applying it. */
export function analyzeUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  limits?: Partial<UpdateLimits>,
): UpdateAnalysis {
  const lim = { ...DEFAULT_UPDATE_LIMITS, ...limits };
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  let sections: number[];
  try {
    sectionClients = [];
    maxSections = lim.maxClients;
    decoded = Y.decodeUpdateV2(update, SectionRecordingDecoder);
    sections = sectionClients;
  } catch (err) {
    if (err instanceof Rejection) return { ok: false, reason: err.message };
    return { ok: false, reason: `malformed update (${describe(err)})` };
  }
  try {
    // yjs keeps only the last section of a repeated client (even an empty one): refuse, don't guess.
    if (new Set(sections).size !== sections.length) reject('a client appears twice in the update');
    return analyze(doc, decoded, lim);
  } catch (err) {
    if (err instanceof Rejection) return { ok: false, reason: err.message, missing: err.missing };
    return { ok: false, reason: `update could not be analyzed (${describe(err)})` };
  }
}

function analyze(
  doc: Y.Doc,
  { structs, ds }: ReturnType<typeof Y.decodeUpdate>,
  lim: UpdateLimits,
): UpdateAnalysis {
  if (structs.length > lim.maxStructs)
    reject(`update has ${structs.length} structs (limit ${lim.maxStructs})`);
  let ranges = 0;
  for (const r of ds.clients.values()) ranges += r.length;
  if (ranges > lim.maxStructs) reject(`update deletes ${ranges} ranges (limit ${lim.maxStructs})`);

  const resolver = new Resolver(doc, lim.maxDepth);
  const clients = new Set<number>();
  const fresh: Y.Item[] = [];
  const known: Y.Item[] = [];
  let written = false;
  let client = -1;
  let state = 0;
  let expected = 0; // where the next new struct of `client` must start
  let parts: NewPart[] = [];
  for (const s of structs) {
    const id = s.id;
    if (id.client !== client) {
      client = id.client;
      state = resolver.state(client);
      expected = state;
      parts = [];
      resolver.parts.set(client, parts);
    }
    const item = s.constructor === Y.Item ? (s as Y.Item) : null;
    if (item !== null && item.content.constructor === Y.ContentDoc) {
      reject(`struct ${idText(id)} embeds a subdocument`);
    }
    const end = id.clock + s.length;
    if (end <= state) {
      if (item !== null) known.push(item);
      continue;
    }
    if (id.clock > expected)
      rejectMissing(`struct ${idText(id)} leaves a clock gap (server has up to ${state})`);
    if (end - state > lim.maxClockAdvance) {
      reject(
        `struct ${idText(id)} advances client ${client} by ${end - state} clocks (max ${lim.maxClockAdvance})`,
      );
    }
    clients.add(client);
    // A Skip writes nothing, but yjs cannot apply anything after it: `expected` stays put.
    if (s.constructor === Y.Skip) continue;
    expected = end;
    written = true;
    parts.push({ struct: s as Y.Item | Y.GC, start: Math.max(id.clock, state), end });
    if (item !== null) fresh.push(item);
  }
  // Skips alone under a client the server has nothing of would bind that id to the sender, writing nothing.
  for (const c of clients)
    if (resolver.state(c) === 0 && resolver.parts.get(c)?.length === 0)
      reject(`new client ${c} brings only skips`);
  for (const item of known) resolver.checkKnown(item);
  for (const item of fresh) resolver.resolve(item);
  const markers = new Map<Y.Text, string>();
  if (analyzeDeletes(resolver, ds, markers)) written = true;
  return { ok: true, roots: resolver.roots, clients, empty: !written, markers };
}

// Section headers are the only V1 reads that go through readClient(); decoding is synchronous,
// so a module-level list is safe.
let sectionClients: number[] = [];
let maxSections = DEFAULT_UPDATE_LIMITS.maxClients;
class SectionRecordingDecoder extends Y.UpdateDecoderV1 {
  override readClient(): number {
    const client = super.readClient();
    // Refused while decoding: the rest of the update is never read.
    if (sectionClients.length >= maxSections) reject(`update has more than ${maxSections} clients`);
    sectionClients.push(client);
    return client;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
