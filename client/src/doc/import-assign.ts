/**
 * 分工 picked in the import preview, applied once the report exists: each chosen person (other than
 * the importer, its leader) joins as a writer, then every section gets its person, through the same
 * calls 批量分工 makes (`changes` of bulk-assign.ts), so the server checks and notifies as usual.
 * Picks are keyed by position and title, so a preview that changes (a restored line) drops the picks
 * of sections that are no longer where they were.
 */
import { api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { changes } from './bulk-assign.ts';

export const pickKey = (index: number, title: string): string => `${index}:${title}`;

/** Per created section (outline order, as the preview listed them), the picked user id or ''. */
export function picksFor(titles: readonly string[], picks: ReadonlyMap<string, string>): string[] {
  return titles.map((title, i) => picks.get(pickKey(i, title)) ?? '');
}

/** Applies the picks to the new report; the reasons of whatever was refused (nothing: all done). */
export async function assignImported(
  reportId: string,
  sectionIds: readonly string[],
  chosen: readonly string[],
  importerId: string,
): Promise<string[]> {
  const people = [...new Set(chosen.filter((id) => id && id !== importerId))];
  const joined = await Promise.allSettled(people.map((id) => api.setMember(reportId, id, 'writer')));
  const errors = joined.flatMap((r) => (r.status === 'rejected' ? [errorText(r.reason)] : []));
  const rows = sectionIds.map((id) => ({ id, assignees: [], due: null }));
  const picked = new Map(sectionIds.map((id, i) => [id, { choice: chosen[i] ?? '' }]));
  const patched = await Promise.allSettled(
    changes(rows, picked).map((c) => api.patchSection(reportId, c.id, c.patch)),
  );
  for (const r of patched) if (r.status === 'rejected') errors.push(errorText(r.reason));
  return errors;
}
