import fs from 'node:fs';

/** The parts of a V8 `.heapsnapshot` the attribution needs (the format is flat integer arrays). */
interface Snapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/**
 * Bytes per owner of the objects `after` holds that `before` did not (node ids are stable across
 * snapshots of one process). Each new object is charged to the nearest object up its chain of first
 * retainers whose constructor is in `owners`, or to "(other)": a cheap stand-in for a dominator tree
 * that is good enough to say which part of a connection or report the memory belongs to.
 */
export function newBytesByOwner(before: string, after: string, owners: Set<string>): Map<string, number> {
  const old = nodeIds(JSON.parse(fs.readFileSync(before, 'utf8')) as Snapshot);
  const s = JSON.parse(fs.readFileSync(after, 'utf8')) as Snapshot;
  const { node_fields: nf, edge_fields: ef, node_types, edge_types } = s.snapshot.meta;
  const [N, E] = [nf.length, ef.length];
  const [type, name, size, id, edgeCount] = ['type', 'name', 'self_size', 'id', 'edge_count'].map((f) =>
    nf.indexOf(f),
  ) as [number, number, number, number, number];
  const [edgeType, toNode] = [ef.indexOf('type'), ef.indexOf('to_node')];
  const weak = edge_types[0].indexOf('weak');
  const objectType = node_types[0].indexOf('object');
  const count = s.nodes.length / N;
  // First strong retainer of every node, new retainers first: they lead to the owner of a new object.
  const retainer = new Int32Array(count).fill(-1);
  for (const newFirst of [true, false]) {
    for (let n = 0, e = 0; n < count; n++) {
      const isNew = !old.has(s.nodes[n * N + id]!);
      for (let k = s.nodes[n * N + edgeCount]!; k > 0; k--, e += E) {
        const to = s.edges[e + toNode]! / N;
        if (s.edges[e + edgeType] === weak || retainer[to] !== -1) continue;
        if (isNew === newFirst) retainer[to] = n;
      }
    }
  }
  const bytes = new Map<string, number>();
  for (let n = 0; n < count; n++) {
    if (old.has(s.nodes[n * N + id]!)) continue;
    let owner = '(other)';
    for (let cur = n, depth = 0; cur !== -1 && depth < 12; cur = retainer[cur]!, depth++) {
      const label = s.strings[s.nodes[cur * N + name]!]!;
      if (s.nodes[cur * N + type] === objectType && owners.has(label)) {
        owner = label;
        break;
      }
    }
    bytes.set(owner, (bytes.get(owner) ?? 0) + s.nodes[n * N + size]!);
  }
  return bytes;
}

function nodeIds(s: Snapshot): Set<number> {
  const N = s.snapshot.meta.node_fields.length;
  const id = s.snapshot.meta.node_fields.indexOf('id');
  const ids = new Set<number>();
  for (let i = 0; i < s.nodes.length; i += N) ids.add(s.nodes[i + id]!);
  return ids;
}
