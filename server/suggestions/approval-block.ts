import type * as Y from 'yjs';
import { pendingBySection } from '../../shared/suggestions.ts';
import { conflict } from '../http/errors.ts';

/**
 * 定稿 waits until a section's suggestions are handled: throws a 409 naming how many are pending,
 * unless the leader overrides (`force: true`; the suggestions stay, and only a leader may decide them).
 */
export function approvalBlock(doc: Y.Doc, sectionId: string, force: boolean): void {
  const pending = pendingBySection(doc).get(sectionId) ?? 0;
  if (pending > 0 && !force) {
    throw conflict(
      `本节还有 ${pending} 条待处理修订，请先处理或强制定稿 (${pending} suggestion(s) pending; send force: true to approve anyway)`,
    );
  }
}
