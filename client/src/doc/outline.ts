/**
 * Read the report structure (outline order + section entries) out of the shared Y.Doc.
 * The server is the only writer of these roots; the client just observes them.
 */
import * as Y from 'yjs';
import {
  META,
  OUTLINE,
  SECTION_STATUSES,
  SECTIONS,
  type SectionClosing,
  type SectionInfo,
  type SectionStatus,
} from '../../../shared/layout.ts';
import { numbered } from '../../../shared/numbering.ts';

const asStatus = (value: unknown): SectionStatus =>
  SECTION_STATUSES.includes(value as SectionStatus) ? (value as SectionStatus) : 'todo';

/**
 * A section as the client shows it: the contract's fields plus the leader's return note and its
 * computed number (`二、`, '' for 开篇/结语…); `title` without a typed number (shared/numbering.ts).
 */
export type SectionView = SectionInfo & { note?: string; number?: string };

/** Plain view of one `sections` entry; tolerant of missing fields. */
export function readSection(id: string, entry: Y.Map<unknown>): SectionView {
  const note = entry.get('note');
  const assignees = entry.get('assignees');
  const level = Number(entry.get('level'));
  return {
    id,
    title: String(entry.get('title') ?? ''),
    level: Number.isInteger(level) && level > 0 ? level : 1,
    assignees: Array.isArray(assignees) ? assignees.map(String) : [],
    status: asStatus(entry.get('status')),
    due: (entry.get('due') as string | null | undefined) ?? null,
    ...(typeof note === 'string' && note ? { note } : {}),
    ...closingOf(entry.get('closing')),
  };
}

/** The announced change (`closing`), if it is well-formed. */
function closingOf(value: unknown): { closing?: SectionClosing } {
  const c = value as Partial<SectionClosing> | null;
  if (!c || typeof c !== 'object' || typeof c.until !== 'number' || typeof c.by !== 'string') return {};
  return {
    closing: {
      byId: String(c.byId ?? ''),
      by: c.by,
      status: c.status && SECTION_STATUSES.includes(c.status) ? c.status : null,
      until: c.until,
      writers: Array.isArray(c.writers) ? c.writers.map(String) : [],
    },
  };
}

/** Sections in outline order, numbered; ids without an entry (mid-update) are left out. */
export function readOutline(doc: Y.Doc): SectionView[] {
  const sections = doc.getMap<Y.Map<unknown>>(SECTIONS);
  const seen = new Set<string>();
  const out: SectionView[] = [];
  for (const id of doc.getArray<string>(OUTLINE).toArray()) {
    const entry = sections.get(id);
    if (seen.has(id) || !(entry instanceof Y.Map)) continue;
    seen.add(id);
    out.push(readSection(id, entry));
  }
  return numbered(out);
}

/** The report title as stored in `meta`. */
export const readTitle = (doc: Y.Doc): string => String(doc.getMap(META).get('title') ?? '');
