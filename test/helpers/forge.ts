/** Hand-made Yjs V1 updates, for what no stock client sends. */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export type Struct = Y.Item | Y.GC | Y.Skip;

/** One client's run of structs, starting at `clock` (defaults to the first struct's). */
export interface Section {
  client: number;
  clock?: number;
  structs: Struct[];
}

/** Encodes sections and a delete set ([client, clock, len] triples) as a V1 update. */
export function encodeUpdate(sections: Section[], ds: [number, number, number][] = []): Uint8Array {
  const enc = new Y.UpdateEncoderV1();
  encoding.writeVarUint(enc.restEncoder, sections.length);
  for (const s of sections) {
    encoding.writeVarUint(enc.restEncoder, s.structs.length);
    enc.writeClient(s.client);
    encoding.writeVarUint(enc.restEncoder, s.clock ?? s.structs[0]?.id.clock ?? 0);
    for (const struct of s.structs) struct.write(enc, 0);
  }
  const byClient = new Map<number, [number, number][]>();
  for (const [client, clock, len] of ds)
    byClient.set(client, [...(byClient.get(client) ?? []), [clock, len]]);
  encoding.writeVarUint(enc.restEncoder, byClient.size);
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(enc.restEncoder, client);
    encoding.writeVarUint(enc.restEncoder, ranges.length);
    for (const [clock, len] of ranges) {
      enc.writeDsClock(clock);
      enc.writeDsLen(len);
    }
  }
  return enc.toUint8Array();
}

/** The structs and delete set of a real update, grouped per client, ready to be tampered with and re-encoded. */
export function decodeSections(update: Uint8Array): { sections: Section[]; ds: [number, number, number][] } {
  const { structs, ds } = Y.decodeUpdate(update);
  const byClient = new Map<number, Struct[]>();
  for (const s of structs) byClient.set(s.id.client, [...(byClient.get(s.id.client) ?? []), s]);
  const triples: [number, number, number][] = [];
  for (const [client, items] of ds.clients) for (const d of items) triples.push([client, d.clock, d.len]);
  return { sections: [...byClient].map(([client, list]) => ({ client, structs: list })), ds: triples };
}

/** The update a client with `clientID` would send for `edit`, made on a throwaway copy of `base`. */
export function editOf(base: Y.Doc, clientID: number, edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  // Set after loading: yjs picks a new id when loaded content already uses it (as a squat does).
  doc.clientID = clientID;
  const before = Y.encodeStateVector(doc);
  doc.transact(() => edit(doc));
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

/** An 8-byte update whose header claims `count` structs (yjs would allocate for them before failing). */
export function hugeCountUpdate(client: number, count = 33_554_432): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, count);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}
