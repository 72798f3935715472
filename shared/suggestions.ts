/**
 * Suggestions (修订) as stored in the `suggestions` root, and how their anchors resolve against a
 * report doc. Shared so that the server (accept, outdated flag, progress, export) and the client
 * (inline marks) agree on which text a suggestion covers and whether it is still current.
 */
import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { bodyRoot, SUGGESTIONS } from './layout.ts';

/** One suggestion. `anchor: null` proposes new paragraphs at the end of the section. */
export interface Suggestion {
  id: string;
  sectionId: string;
  /** Base64 `Y.encodeRelativePosition`s, both inside one paragraph's text. */
  anchor: { start: string; end: string } | null;
  /** The text the range covered when suggested ('' for a pure insertion). */
  quote: string;
  /** What should stand there instead ('' for a pure deletion). */
  replacement: string;
  author: string;
  createdAt: number;
}

/** The range a suggestion covers now, as Yjs indices in one text. */
export interface ResolvedRange {
  text: Y.XmlText;
  from: number;
  to: number;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Read one stored entry; null when malformed. */
function readEntry(id: string, v: unknown): Suggestion | null {
  if (!v || typeof v !== 'object' || v instanceof Y.AbstractType) return null;
  const r = v as Record<string, unknown>;
  const a = r.anchor as { start?: unknown; end?: unknown } | null;
  const anchor = a && typeof a === 'object' ? { start: str(a.start), end: str(a.end) } : null;
  return {
    id,
    sectionId: str(r.sectionId),
    anchor,
    quote: str(r.quote),
    replacement: str(r.replacement),
    author: str(r.author),
    createdAt: Number(r.createdAt) || 0,
  };
}

export const suggestionsOf = (doc: Y.Doc) => doc.getMap<unknown>(SUGGESTIONS);

/** Every suggestion, oldest first. */
export function readSuggestions(doc: Y.Doc): Suggestion[] {
  const out: Suggestion[] = [];
  suggestionsOf(doc).forEach((v, id) => {
    const s = readEntry(id, v);
    if (s) out.push(s);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function readSuggestion(doc: Y.Doc, id: string): Suggestion | null {
  return readEntry(id, suggestionsOf(doc).get(id));
}

/** Text of an XmlText with one character per Yjs index (embeds as U+FFFC, formatting skipped). */
export function indexedText(text: Y.XmlText): string {
  let s = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    s += item.content instanceof Y.ContentString ? item.content.str : '\uFFFC'.repeat(item.length);
  }
  return s;
}

function decode(b64: string): Y.RelativePosition | null {
  try {
    const pos = Y.decodeRelativePosition(fromBase64(b64));
    // A root name would make Yjs create that root; our anchors always name an item or a type id.
    return pos.tname === null ? pos : null;
  } catch {
    return null;
  }
}

/** The root name of a live (not deleted) type, or null when it or an ancestor is deleted. */
// biome-ignore lint/suspicious/noExplicitAny: Yjs types are invariant in their event type
function liveRoot(type: Y.AbstractType<any>): string | null {
  let t = type;
  while (t._item) {
    if (t._item.deleted) return null;
    t = t._item.parent as typeof t;
  }
  return Y.findRootTypeKey(t);
}

/**
 * Where `anchor` lies now in the section's body: both ends in the same live paragraph text, start
 * not after end. Null when it no longer resolves (or never pointed into this section).
 */
export function resolveAnchor(
  doc: Y.Doc,
  sectionId: string,
  anchor: { start: string; end: string },
): ResolvedRange | null {
  const a = decode(anchor.start);
  const b = decode(anchor.end);
  if (!a || !b) return null;
  let start: Y.AbsolutePosition | null;
  let end: Y.AbsolutePosition | null;
  try {
    start = Y.createAbsolutePositionFromRelativePosition(a, doc);
    end = Y.createAbsolutePositionFromRelativePosition(b, doc);
  } catch {
    return null;
  }
  if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText)) return null;
  if (liveRoot(start.type) !== bodyRoot(sectionId) || end.index < start.index) return null;
  return { text: start.type, from: start.index, to: end.index };
}

/** The suggestion's range if the text there still reads as its quote; null means outdated. */
export function currentRange(doc: Y.Doc, s: Suggestion): ResolvedRange | null {
  if (!s.anchor) return null;
  const range = resolveAnchor(doc, s.sectionId, s.anchor);
  if (!range || indexedText(range.text).slice(range.from, range.to) !== s.quote) return null;
  return range;
}

/** Whether the text a suggestion was made on has changed since (appends never are). */
export const isOutdated = (doc: Y.Doc, s: Suggestion): boolean => s.anchor !== null && !currentRange(doc, s);

/** Pending suggestions per section id. */
export function pendingBySection(doc: Y.Doc): Map<string, number> {
  const out = new Map<string, number>();
  // Only read the root if it exists: getMap would define it on every doc progress is counted on.
  if (!doc.share.has(SUGGESTIONS)) return out;
  for (const s of readSuggestions(doc)) out.set(s.sectionId, (out.get(s.sectionId) ?? 0) + 1);
  return out;
}
