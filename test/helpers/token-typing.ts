/**
 * Writers typing unique tokens (第i组第n条。) at the end of their sections through providers that ask for
 * durable acks. Each token is noted with the writer's own clock right after it, so that it counts as
 * acknowledged once an ack reaches that clock. What the kill runs and the cluster fault tests compare
 * with the stored report: every acknowledged token there, none twice.
 */
import * as Y from 'yjs';
import { bodyRoot, type SectionInfo } from '../../shared/layout.ts';
import type { AckClient } from './ack-client.ts';
import { bodyText, typeInto } from './clients.ts';

/** The leading 第 keeps one token from ending another (第1组… is not inside 第11组…). */
const TOKEN = /第\d+组第\d+条。/g;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Typed {
  token: string;
  /** The writer's own clock right after typing it. */
  clock: number;
}

export interface TokenWriter {
  client: AckClient;
  /** The sections it types into, in turn: its own, and any it shares with other writers. */
  sections: SectionInfo[];
  typed: Typed[];
}

/** The client's own clock: everything it typed is acknowledged once its acked clock reaches this. */
export const ownClock = (client: AckClient): number => Y.getState(client.doc.store, client.doc.clientID);

/**
 * Appends to the section's first paragraph. In a shared section writers who start at once each add a
 * first paragraph, so the body's full text can be longer than the paragraph typed into.
 */
function append(doc: Y.Doc, sectionId: string, text: string): void {
  const fragment = doc.getXmlFragment(bodyRoot(sectionId));
  const first = fragment.get(0) as Y.XmlElement | undefined;
  typeInto(doc, sectionId, text, first ? (first.get(0) as Y.XmlText).length : 0);
}

/** Every writer types a token, waits `pauseMs()`, and so on; the returned function stops them all. */
export function startTyping(writers: TokenWriter[], pauseMs: () => number): () => Promise<void> {
  let typing = true;
  const loops = writers.map(async (w, i) => {
    for (let n = 0; typing; n++) {
      const token = `第${i}组第${n}条。`;
      append(w.client.doc, w.sections[n % w.sections.length]!.id, token);
      w.typed.push({ token, clock: ownClock(w.client) });
      await sleep(pauseMs());
    }
  });
  return async () => {
    typing = false;
    await Promise.all(loops);
  };
}

/** The text of every section the writers type into, each section once, as `doc` holds it. */
export function sectionTexts(doc: Y.Doc, writers: TokenWriter[]): string[] {
  const ids = new Set(writers.flatMap((w) => w.sections.map((s) => s.id)));
  return [...ids].map((id) => bodyText(doc, id));
}

function countTokens(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const t of text.match(TOKEN) ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Tokens typed that `texts` do not hold exactly once. */
export function notStoredOnce(writers: TokenWriter[], texts: string[]): string[] {
  const counts = countTokens(texts);
  return writers.flatMap((w) => w.typed.map((t) => t.token)).filter((t) => counts.get(t) !== 1);
}

/** What the stored copies taken at kills showed, summed over kills. */
export interface KillAudit {
  /** Acknowledged tokens missing: must be empty. */
  lostAcked: string[];
  /** Tokens stored more than once: must be empty. */
  duplicates: string[];
  /** Unacknowledged tokens missing (allowed: their writers still hold them and resend them). */
  unackedLostAtKill: number;
}

export const emptyAudit = (): KillAudit => ({ lostAcked: [], duplicates: [], unackedLostAtKill: 0 });

/**
 * Checks a stored copy against what was typed. `acked` are the writers' acked clocks read before the
 * copy was: acks only grow and follow the commit, so every token up to them must be in it.
 */
export function auditStored(
  label: string,
  writers: TokenWriter[],
  acked: number[],
  texts: string[],
  audit: KillAudit,
): void {
  const counts = countTokens(texts);
  for (const [i, w] of writers.entries()) {
    for (const { token, clock } of w.typed) {
      const n = counts.get(token) ?? 0;
      if (n > 1) audit.duplicates.push(`${label}: ${token} ×${n}`);
      if (n === 0 && clock <= acked[i]!) audit.lostAcked.push(`${label}: ${token}`);
      if (n === 0 && clock > acked[i]!) audit.unackedLostAtKill++;
    }
  }
}

export const typedCount = (writers: TokenWriter[]): number => writers.reduce((n, w) => n + w.typed.length, 0);

export const ackedCount = (writers: TokenWriter[]): number =>
  writers.reduce((n, w) => n + w.typed.filter((t) => t.clock <= w.client.ackedClock()).length, 0);
