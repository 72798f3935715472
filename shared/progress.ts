/**
 * Progress of a report Y.Doc: per section its status, assignees, characters written and
 * placeholders left. Used by the server (GET /api/reports/:id/progress) and live by the client.
 */
import * as Y from 'yjs';
import { bodyRoot, OUTLINE, SECTION_STATUSES, SECTIONS, type SectionStatus } from './layout.ts';
import { countChars, countPlaceholders } from './placeholders.ts';
import { pendingBySection } from './suggestions.ts';

/** Progress of one section, in outline order. */
export interface SectionProgress {
  id: string;
  title: string;
  level: number;
  status: SectionStatus;
  assignees: string[];
  chars: number;
  placeholders: number;
  /** Pending suggestions (修订) in the section. */
  suggestions: number;
}

/** Progress of a whole report. */
export interface ReportProgress {
  sections: SectionProgress[];
  totals: { chars: number; placeholders: number; sections: number; approved: number; suggestions: number };
}

// Blocks holding inline content even when empty; any element with a text child is one too.
const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

/** Characters of an XmlText without its formatting (toString() would render marks as tags). */
function plainText(text: Y.XmlText): string {
  let s = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString) s += item.content.str;
  }
  return s;
}

/** Inline content of a textblock; inline nodes contribute their text, a hard break a newline. */
function inlineText(el: Y.XmlElement): string {
  let s = '';
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) s += plainText(child);
    else if (child instanceof Y.XmlElement) s += child.nodeName === 'hardBreak' ? '\n' : inlineText(child);
  }
  return s;
}

function isTextblock(el: Y.XmlElement): boolean {
  return TEXTBLOCKS.has(el.nodeName) || el.toArray().some((child) => child instanceof Y.XmlText);
}

/** Each textblock under `parent` (lists, tables, quotes walked) becomes one line. */
function collectLines(parent: Y.XmlFragment, lines: string[]): void {
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) lines.push(plainText(child));
    else if (child instanceof Y.XmlElement) {
      if (isTextblock(child)) lines.push(inlineText(child));
      else collectLines(child, lines);
    }
  }
}

/** Plain text of a section body (XmlFragment): paragraphs joined by '\n'. */
export function fragmentText(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  collectLines(fragment, lines);
  return lines.join('\n');
}

/** Read a field of a section entry, stored as a Y.Map (or a plain object, tolerated). */
function field(entry: unknown, key: string): unknown {
  if (entry instanceof Y.Map) return entry.get(key);
  return (entry as Record<string, unknown>)[key];
}

function isEntry(entry: unknown): boolean {
  if (entry instanceof Y.Map) return true;
  return (
    entry !== null && typeof entry === 'object' && !Array.isArray(entry) && !(entry instanceof Y.AbstractType)
  );
}

function assigneesOf(value: unknown): string[] {
  const list = value instanceof Y.Array ? value.toArray() : Array.isArray(value) ? value : [];
  return list.filter((a): a is string => typeof a === 'string');
}

function statusOf(value: unknown): SectionStatus {
  return SECTION_STATUSES.includes(value as SectionStatus) ? (value as SectionStatus) : 'todo';
}

function bodyTextOf(doc: Y.Doc, sid: string): string {
  // Only read bodies that exist: getXmlFragment would define a new root for every empty section.
  const name = bodyRoot(sid);
  return doc.share.has(name) ? fragmentText(doc.getXmlFragment(name)) : '';
}

/** What a section's body contributes to its progress (the part that costs a walk of its text). */
export interface BodyCounts {
  chars: number;
  placeholders: number;
}

/** Counts a section's body afresh. */
export function bodyCounts(doc: Y.Doc, sectionId: string): BodyCounts {
  const text = bodyTextOf(doc, sectionId);
  return { chars: countChars(text), placeholders: countPlaceholders(text) };
}

/**
 * Progress of every section in outline order; outline ids without a sections entry are skipped.
 * `countsOf` may answer from a cache of bodies unchanged since they were counted (summary keeper).
 */
export function reportProgress(
  doc: Y.Doc,
  countsOf: (doc: Y.Doc, sectionId: string) => BodyCounts = bodyCounts,
): ReportProgress {
  const outline = doc.getArray<unknown>(OUTLINE).toArray();
  const entries = doc.getMap<unknown>(SECTIONS);
  const seen = new Set<string>();
  const sections: SectionProgress[] = [];
  const totals = { chars: 0, placeholders: 0, sections: 0, approved: 0, suggestions: 0 };
  const pending = pendingBySection(doc);
  for (const id of outline) {
    if (typeof id !== 'string' || seen.has(id)) continue;
    seen.add(id);
    const entry = entries.get(id);
    if (!isEntry(entry)) continue;
    const title = field(entry, 'title');
    const level = field(entry, 'level');
    const body = countsOf(doc, id);
    const section: SectionProgress = {
      id,
      title: typeof title === 'string' ? title : '',
      level: typeof level === 'number' ? level : 1,
      status: statusOf(field(entry, 'status')),
      assignees: assigneesOf(field(entry, 'assignees')),
      chars: body.chars,
      placeholders: body.placeholders,
      suggestions: pending.get(id) ?? 0,
    };
    sections.push(section);
    totals.chars += section.chars;
    totals.placeholders += section.placeholders;
    totals.suggestions += section.suggestions;
    totals.sections++;
    if (section.status === 'approved') totals.approved++;
  }
  return { sections, totals };
}
