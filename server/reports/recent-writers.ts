import { sectionOfRoot } from '../../shared/layout.ts';
import type { Room } from '../rooms/room.ts';

/** Someone who wrote a section this recently is taken to be writing it still. */
export const WRITING_MS = 5000;

/** Per room: section id → user id → time of their last accepted write there. */
const lastWrites = new WeakMap<Room, Map<string, Map<string, number>>>();

/** Records an accepted client write (the room's afterClientWrite hook). */
export function noteWrites(room: Room, userId: string, roots: string[], now = Date.now()): void {
  let sections = lastWrites.get(room);
  if (!sections) {
    sections = new Map();
    lastWrites.set(room, sections);
  }
  for (const root of roots) {
    const sid = sectionOfRoot(root);
    if (!sid) continue;
    let users = sections.get(sid);
    if (!users) {
      users = new Map();
      sections.set(sid, users);
    }
    users.set(userId, now);
  }
}

/**
 * Users writing section `sid` now: they wrote it within WRITING_MS, or their presence says they are
 * typing in it (awareness field `typing`, published by the web client while keys are pressed).
 */
export function writersOf(room: Room, sid: string, now = Date.now()): Set<string> {
  const out = new Set<string>();
  const users = lastWrites.get(room)?.get(sid);
  for (const [userId, at] of users ?? []) {
    if (now - at < WRITING_MS) out.add(userId);
    else users?.delete(userId);
  }
  for (const state of room.awareness.getStates().values()) {
    const user = (state as { user?: { id?: unknown } }).user;
    if (state.typing === sid && typeof user?.id === 'string') out.add(user.id);
  }
  return out;
}
