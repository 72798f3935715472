/**
 * Bulk assignment: the choice for one section is a set of assignee ids, written in a <select> as
 * the ids joined by commas ('' = nobody), so a section two people share keeps its pair as an
 * option. `changes` gives the PATCH of every section whose choice differs from what it has.
 */
import type { SectionPatch } from '../api.ts';

export const choiceOf = (assignees: readonly string[]): string => assignees.join(',');
export const assigneesOf = (choice: string): string[] => (choice ? choice.split(',') : []);

export interface Row {
  id: string;
  assignees: readonly string[];
  due: string | null;
}

/** Per section id, what to PATCH; sections left as they were are not listed. */
export function changes(
  rows: readonly Row[],
  picked: ReadonlyMap<string, { choice?: string; due?: string }>,
) {
  const out: { id: string; patch: SectionPatch }[] = [];
  for (const row of rows) {
    const p = picked.get(row.id);
    if (!p) continue;
    const patch: SectionPatch = {};
    if (p.choice !== undefined && p.choice !== choiceOf(row.assignees))
      patch.assignees = assigneesOf(p.choice);
    if (p.due !== undefined && (p.due || null) !== row.due) patch.due = p.due || null;
    if (Object.keys(patch).length) out.push({ id: row.id, patch });
  }
  return out;
}
