/**
 * A per-root print of a Y.Doc that names every unit of content by its id, deleted or not, so that two
 * docs print the same exactly when they hold the same structs (however items were split or merged).
 */
import * as Y from 'yjs';

type Listed = { _start: Y.Item | null; _map: Map<string, Y.Item> };

/** Root name → print. Empty roots are left out (yjs creates a root for every name it decodes). */
export function fingerprint(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, type] of doc.share) {
    const print = typePrint(type as unknown as Listed);
    if (print !== '') out.set(name, print);
  }
  return out;
}

/** The prints of every root except `skip`. */
export function fingerprintExcept(doc: Y.Doc, skip: (root: string) => boolean): Record<string, string> {
  return Object.fromEntries([...fingerprint(doc)].filter(([root]) => !skip(root)).sort());
}

function typePrint(type: Listed): string {
  const units: string[] = [];
  for (let n = type._start; n !== null; n = n.right) itemPrint(n, '', units);
  for (const key of [...type._map.keys()].sort()) {
    for (let n = type._map.get(key) ?? null; n !== null; n = n.left) itemPrint(n, `${key}=`, units);
  }
  return units.join('|');
}

function itemPrint(n: Y.Item, prefix: string, units: string[]): void {
  const id = (i: number) => `${prefix}${n.id.client}:${n.id.clock + i}`;
  const head = id(0);
  if (n.content instanceof Y.ContentType) {
    const el = n.content.type as unknown as { nodeName?: string };
    units.push(
      `${head}${n.deleted ? 'D' : ''}<${el.nodeName ?? ''}>{${typePrint(n.content.type as unknown as Listed)}}`,
    );
    return;
  }
  const items = n.content.getContent();
  for (let i = 0; i < n.length; i++) {
    units.push(
      `${id(i)}${n.deleted ? 'D' : ''}${n.content.constructor.name}${JSON.stringify(items[i] ?? '')}`,
    );
  }
}
