/** What to suggest while someone types an @mention in a comment. */
import type { Member } from '../api.ts';

/** The `@…` being typed just before the caret, or null. */
export function mentionQuery(before: string): string | null {
  const m = /(?:^|[\s，。、；：,.;:!?！？（(])@([^\s@]{0,20})$/.exec(before);
  return m ? m[1]! : null;
}

/** Members whose display name or username starts with `query` (all for ''), at most six. */
export function mentionCandidates(members: Member[], query: string): Member[] {
  const q = query.toLowerCase();
  return members
    .filter((m) => m.displayName.toLowerCase().startsWith(q) || m.username.toLowerCase().startsWith(q))
    .slice(0, 6);
}
