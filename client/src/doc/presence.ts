/**
 * Who else is in the report and where, from awareness states. The server stamps each state's
 * `user` ({id, name, color}) with the signed-in user; the client publishes `section`, the id of
 * the section it is in (or null), and `typing`, the section it is typing in (or null).
 */

/** Someone else in the report. */
export interface Peer {
  userId: string;
  name: string;
  color: string;
  /** The section they are in, if any. */
  section: string | null;
  /** The section they are typing in right now, if any. */
  typing: string | null;
}

/** The awareness field naming the section a client is in. */
export const SECTION_FIELD = 'section';
/** The awareness field naming the section a client is typing in (see typing.ts). */
export const TYPING_FIELD = 'typing';

const asString = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Other users present, one entry per user (several tabs of one user count once, showing a
 * section if any of them is in one), sorted by name.
 */
export function peersOf(states: Map<number, Record<string, unknown>>, selfUserId: string): Peer[] {
  const byUser = new Map<string, Peer>();
  for (const state of states.values()) {
    const user = state.user as Record<string, unknown> | undefined;
    const userId = asString(user?.id);
    if (!userId || userId === selfUserId) continue;
    const section = asString(state[SECTION_FIELD]) || null;
    const typing = asString(state[TYPING_FIELD]) || null;
    const known = byUser.get(userId);
    if (known && (known.section || !section) && (known.typing || !typing)) continue;
    byUser.set(userId, {
      userId,
      name: asString(user?.name) || '?',
      color: asString(user?.color) || '#667085',
      section: known?.section ?? section,
      typing: typing ?? known?.typing ?? null,
    });
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
