/**
 * A per-root print of a Y.Doc that names every unit of content by its id, deleted or not, so that two
 * docs print the same exactly when they hold the same structs (however items were split or merged).
 */
import * as Y from 'yjs';

type Listed = { _start: Y.Item | null; _map: Map<string, Y.Item> };

/**
 * Root name → print. Empty roots are left out (yjs creates a root for every name it decodes).
 * `liveContentOnly` prints only live content, without format markers (bold on, bold off, …): a writer
 * may delete markers anywhere and the server restores the formatting they carried with markers of its
 * own (docs/enforcement.md, "format markers"). Deleted items go too: once deleted and collected, a
 * marker cannot be told from deleted text. Deleted text still shows (its units are missing from the
 * print), and `visibleExcept` compares the formatting.
 */
export function fingerprint(doc: Y.Doc, { liveContentOnly = false } = {}): Map<string, string> {
  const formatMarkers = !liveContentOnly;
  const out = new Map<string, string>();
  for (const [name, type] of doc.share) {
    const print = typePrint(type as unknown as Listed, formatMarkers);
    if (print !== '') out.set(name, print);
  }
  return out;
}

/** The prints of every root except `skip`. */
export function fingerprintExcept(
  doc: Y.Doc,
  skip: (root: string) => boolean,
  options: { liveContentOnly?: boolean } = {},
): Record<string, string> {
  return Object.fromEntries([...fingerprint(doc, options)].filter(([root]) => !skip(root)).sort());
}

/** What readers see of every section body except `skip`: its XML, formatting as nested tags. */
export function visibleExcept(doc: Y.Doc, skip: (root: string) => boolean): Record<string, string> {
  const roots = [...doc.share.keys()].filter((root) => root.startsWith('body:') && !skip(root)).sort();
  return Object.fromEntries(roots.map((root) => [root, doc.getXmlFragment(root).toString()]));
}

function typePrint(type: Listed, formatMarkers: boolean): string {
  const units: string[] = [];
  for (let n = type._start; n !== null; n = n.right) itemPrint(n, '', units, formatMarkers);
  for (const key of [...type._map.keys()].sort()) {
    for (let n = type._map.get(key) ?? null; n !== null; n = n.left)
      itemPrint(n, `${key}=`, units, formatMarkers);
  }
  return units.join('|');
}

function itemPrint(n: Y.Item, prefix: string, units: string[], formatMarkers: boolean): void {
  const id = (i: number) => `${prefix}${n.id.client}:${n.id.clock + i}`;
  const head = id(0);
  if (!formatMarkers && (n.deleted || n.content instanceof Y.ContentFormat)) return;
  if (n.content instanceof Y.ContentType) {
    const el = n.content.type as unknown as { nodeName?: string };
    const inner = typePrint(n.content.type as unknown as Listed, formatMarkers);
    units.push(`${head}${n.deleted ? 'D' : ''}<${el.nodeName ?? ''}>{${inner}}`);
    return;
  }
  const items = n.content.getContent();
  for (let i = 0; i < n.length; i++) {
    units.push(
      `${id(i)}${n.deleted ? 'D' : ''}${n.content.constructor.name}${JSON.stringify(items[i] ?? '')}`,
    );
  }
}
