/**
 * What a .docx export adds to the text of a section: Word comment ranges and tracked changes
 * anchored in it. Spans are found by resolving anchors (shared/suggestions.ts) to indices in one
 * paragraph's Y.XmlText; read-blocks.ts cuts that text's runs at the span ends.
 */
import type * as Y from 'yjs';
import type { Run } from '../../shared/import/types.ts';

/** Who made a tracked change and when (Word shows both in its 修订 pane). */
export interface Change {
  author: string;
  date: Date;
}

/** A run of exported text with the Word markup that belongs before, over or after it. */
export interface ExportRun extends Run {
  /** Word comment ids whose range opens right before this run. */
  commentStart?: number[];
  /** Word comment ids whose range closes right before this run. */
  commentEnd?: number[];
  /** Tracked as deleted / inserted text. */
  deleted?: Change;
  inserted?: Change;
}

/** A range of one paragraph's text: comments (a thread and its replies) or a suggested change. */
export type Span =
  | { from: number; to: number; comments: number[] }
  | { from: number; to: number; change: Change; replacement: string };

/** Spans per paragraph text. */
export type Spans = Map<Y.XmlText, Span[]>;

export function addSpan(spans: Spans, text: Y.XmlText, span: Span): void {
  spans.set(text, [...(spans.get(text) ?? []), span]);
}

/** What happens at index `at`: comment ranges closing, insertions, comment ranges opening. */
function eventsAt(spans: Span[], at: number): ExportRun[] {
  const out: ExportRun[] = [];
  const ending = spans.flatMap((s) => ('comments' in s && s.to === at ? s.comments : []));
  if (ending.length) out.push({ text: '', commentEnd: ending });
  for (const s of spans) {
    if ('change' in s && s.to === at && s.replacement) out.push({ text: s.replacement, inserted: s.change });
  }
  const opening = spans.flatMap((s) => ('comments' in s && s.from === at ? s.comments : []));
  if (opening.length) out.push({ text: '', commentStart: opening });
  return out;
}

/**
 * Runs of one text (`runs` as read with their marks, in order) cut at the ends of `spans`: text
 * under a suggestion is tracked as deleted, its replacement inserted after it, comment ranges
 * open and close where their anchors lie.
 */
export function annotate(runs: Run[], spans: Span[]): ExportRun[] {
  const cuts = [...new Set(spans.flatMap((s) => [s.from, s.to]))].sort((a, b) => a - b);
  const out: ExportRun[] = [];
  let at = 0;
  const emit = (index: number) => {
    if (cuts.includes(index)) out.push(...eventsAt(spans, index));
  };
  for (const run of runs) {
    const end = at + run.text.length;
    let from = at;
    for (const cut of [...cuts.filter((c) => c > at && c < end), end]) {
      if (from === at || cuts.includes(from)) emit(from);
      const piece: ExportRun = { ...run, text: run.text.slice(from - at, cut - at) };
      const change = spans.find((s) => 'change' in s && s.from <= from && cut <= s.to && s.from < s.to);
      if (change && 'change' in change) piece.deleted = change.change;
      out.push(piece);
      from = cut;
    }
    at = end;
  }
  // Events at the very end, and at indices past it (a text shortened since: clamp).
  for (const cut of cuts.filter((c) => c >= at)) out.push(...eventsAt(spans, cut));
  return out;
}
