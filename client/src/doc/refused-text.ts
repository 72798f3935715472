/**
 * Text the server refused to store, kept for its author (issue 12). When a write is refused (4403:
 * the section was approved, unassigned or the role lowered) the client starts over from the
 * server's state; before the refused doc's local copy is deleted, what it held that the server does
 * not is worked out per section and kept here (localStorage), shown until the user dismisses it.
 */
import * as Y from 'yjs';
import { bodyRoot, OUTLINE, SECTIONS } from '../../../shared/layout.ts';
import { fragmentText } from '../../../shared/progress.ts';

export interface RefusedText {
  sectionId: string;
  /** The section's title when the text was refused (it may be gone since). */
  title: string;
  /** The refused words, as they stood in the section. */
  text: string;
  /** The server's reason (`update refused: …`). */
  reason: string;
  at: number;
}

/** The part of `mine` that differs from `theirs`: what is left after their common start and end. */
export function changedSpan(mine: string, theirs: string): string {
  let start = 0;
  const max = Math.min(mine.length, theirs.length);
  while (start < max && mine[start] === theirs[start]) start++;
  let end = 0;
  while (end < max - start && mine[mine.length - 1 - end] === theirs[theirs.length - 1 - end]) end++;
  return mine.slice(start, mine.length - end).trim();
}

/**
 * What the refused doc (`refusedState`, an encoded Y.Doc) holds that `server` lacks, per section:
 * its missing updates are applied to a copy of the server's state, so edits others made since are
 * not mistaken for ours, and each section's text is compared with the server's.
 */
export function refusedTexts(
  refusedState: Uint8Array,
  server: Y.Doc,
): { sectionId: string; title: string; text: string }[] {
  const refused = new Y.Doc();
  const merged = new Y.Doc();
  try {
    Y.applyUpdate(refused, refusedState);
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(refused, Y.encodeStateVector(server)));
    const ids = new Set([
      ...refused.getArray<string>(OUTLINE).toArray(),
      ...server.getArray<string>(OUTLINE).toArray(),
    ]);
    const titleOf = (id: string) =>
      String(
        (
          server.getMap<Y.Map<unknown>>(SECTIONS).get(id) ?? refused.getMap<Y.Map<unknown>>(SECTIONS).get(id)
        )?.get('title') ?? '',
      );
    const out: { sectionId: string; title: string; text: string }[] = [];
    for (const id of ids) {
      const text = changedSpan(
        fragmentText(merged.getXmlFragment(bodyRoot(id))),
        fragmentText(server.getXmlFragment(bodyRoot(id))),
      );
      if (text) out.push({ sectionId: id, title: titleOf(id), text });
    }
    return out;
  } finally {
    refused.destroy();
    merged.destroy();
  }
}

/** Unsaved runs of one type's text in reading order; saved text and paragraph ends split runs. */
function unsavedRuns(type: Y.AbstractType<unknown>, acked: Map<number, number>, runs: string[]): void {
  let inRun = false;
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentType) {
      unsavedRuns(item.content.type, acked, runs);
      inRun = false;
    } else if (item.content instanceof Y.ContentString) {
      const from = Math.max(0, (acked.get(item.id.client) ?? 0) - item.id.clock);
      if (from >= item.length) inRun = false;
      else {
        const text = item.content.str.slice(from);
        if (inRun && from === 0) runs[runs.length - 1] += text;
        else runs.push(text);
        inRun = true;
      }
    }
  }
}

/**
 * Text in `doc` the server has not acknowledged storing (`acked`, its stored state vector), per
 * section: what would be lost if the doc went now, e.g. when the report is gone (4404).
 */
export function unsavedTexts(
  doc: Y.Doc,
  acked: Map<number, number>,
): { sectionId: string; title: string; text: string }[] {
  const out: { sectionId: string; title: string; text: string }[] = [];
  for (const id of doc.getArray<string>(OUTLINE).toArray()) {
    const runs: string[] = [];
    unsavedRuns(doc.getXmlFragment(bodyRoot(id)) as Y.AbstractType<unknown>, acked, runs);
    const text = runs
      .map((r) => r.trim())
      .filter(Boolean)
      .join('\n');
    const title = String(doc.getMap<Y.Map<unknown>>(SECTIONS).get(id)?.get('title') ?? '');
    if (text) out.push({ sectionId: id, title, text });
  }
  return out;
}

const keyOf = (userId: string, reportId: string) => `coreport:refused:${userId}:${reportId}`;

/** Refused texts kept for this user and report, oldest first. */
export function loadRefused(userId: string, reportId: string): RefusedText[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(keyOf(userId, reportId)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as RefusedText[]).filter((r) => typeof r?.text === 'string') : [];
  } catch {
    return [];
  }
}

/** Stores the list (empty: removes it). False when storage refused it (then it lives in memory only). */
export function saveRefused(userId: string, reportId: string, list: RefusedText[]): boolean {
  try {
    if (list.length === 0) localStorage.removeItem(keyOf(userId, reportId));
    else localStorage.setItem(keyOf(userId, reportId), JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}

/** Where texts of reports that are gone (4404: deleted, or we were removed) are kept, per user. */
export const GONE_REPORTS = '~gone';
