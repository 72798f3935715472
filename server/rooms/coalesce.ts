import * as Y from 'yjs';
import type { LogEntry } from '../storage/types.ts';
import type { Connection } from './connection.ts';

/** A log entry with the connection it came from (null: made by the server). */
export interface Pending extends LogEntry {
  from: Connection | null;
}

/**
 * One entry per sender for a turn's updates: merged once, the result is both the row stored and the frame
 * relayed to everyone else. A fast sender's turn can hold hundreds of keystrokes; storing and relaying
 * them one by one would cost a row and a frame per recipient each.
 */
export function coalesceBySender(pending: Pending[]): Pending[] {
  if (pending.length === 1) return pending;
  // A connection's entries share its user; server-made entries are grouped by the user they act for.
  const groups = new Map<Connection | string | null, Pending[]>();
  for (const entry of pending) {
    const key = entry.from ?? entry.userId;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  if (groups.size === pending.length) return pending;
  return [...groups.values()].map(merge);
}

function merge(group: Pending[]): Pending {
  if (group.length === 1) return group[0]!;
  const roots = new Set<string>();
  const clients = new Set<number>();
  for (const entry of group) {
    for (const root of entry.roots) roots.add(root);
    for (const client of entry.clients ?? []) clients.add(client);
  }
  const { userId, from } = group[0]!;
  const update = mergeMany(group.map((entry) => entry.update));
  return { update, userId, roots: [...roots], clients: [...clients], from };
}

/**
 * `Y.mergeUpdates` in rounds of 16: it re-sorts all its inputs for every run of structs it copies, so
 * one call over hundreds of keystroke updates from one client is quadratic (13 µs per update at 1,000
 * in one call, under 3 µs in rounds of 16).
 */
export function mergeMany(updates: Uint8Array[]): Uint8Array {
  let round = updates;
  while (round.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < round.length; i += 16) {
      const chunk = round.slice(i, i + 16);
      next.push(chunk.length === 1 ? chunk[0]! : Y.mergeUpdates(chunk));
    }
    round = next;
  }
  return round[0]!;
}
