/**
 * What changed in a section between two versions, and who changed it: prosemirror-changeset over the
 * chain of versions in between, each step tagged with the authors of that version. The changeset
 * refines each step to characters and keeps, through later steps, who inserted what and who deleted
 * what (text one person typed and another deleted nets out). It works on the editor's own document
 * model, so block boundaries count as changes of their own rather than being lost in a text diff.
 */
import { ChangeSet } from '@tiptap/pm/changeset';
import type { Node } from '@tiptap/pm/model';
import { StepMap } from '@tiptap/pm/transform';

/** One step of a section's history: the document after it, and who made it. */
export interface HistoryStep {
  doc: Node;
  authors: string[];
}

/** A run of text in the diff: kept, inserted or deleted (by `authors`). Blocks end with '\n'. */
export interface Segment {
  op: 'same' | 'ins' | 'del';
  text: string;
  authors?: string[];
}

export interface SectionDiff {
  segments: Segment[];
  /** Characters inserted and deleted (block boundaries not counted). */
  added: number;
  removed: number;
}

/** The one range of `a` (start…endA) replaced by start…endB of `b`, or null when they are equal. */
function replacedRange(a: Node, b: Node): { start: number; endA: number; endB: number } | null {
  const start = a.content.findDiffStart(b.content);
  if (start === null) return null;
  const end = a.content.findDiffEnd(b.content);
  if (!end) return null;
  let { a: endA, b: endB } = end;
  // Repeated content makes the two ends overlap: move both past the start.
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  return { start, endA, endB };
}

/** The replaced range as a step map (the changeset refines it to characters). */
function stepMap(a: Node, b: Node): StepMap | null {
  const range = replacedRange(a, b);
  return range && new StepMap([range.start, range.endA - range.start, range.endB - range.start]);
}

/** Text between two positions, '\n' wherever the range crosses the end of a block. */
export function textBetween(doc: Node, from: number, to: number): string {
  let out = '';
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    const start = pos + 1;
    const end = start + node.content.size;
    out += node.textBetween(Math.max(from, start) - start, Math.min(to, end) - start, undefined, '\n');
    if (end < to) out += '\n';
    return false;
  });
  return out;
}

const key = (authors: string[]) => [...new Set(authors)].sort().join(',');
const unkey = (k: string) => (k ? k.split(',') : []);
const chars = (text: string) => text.replace(/\n/g, '').length;

/**
 * At most this many steps are diffed: each costs a diff against the base (Myers, O(size × distance)),
 * so over weeks of versions, runs of consecutive steps are joined (their authors together).
 */
export const MAX_STEPS = 8;

/** `steps` joined into at most `max` (the last always kept: it is the document compared with). */
export function joinSteps(steps: HistoryStep[], max = MAX_STEPS): HistoryStep[] {
  if (steps.length <= max) return steps;
  const out: HistoryStep[] = [];
  const per = Math.ceil(steps.length / max);
  for (let i = 0; i < steps.length; i += per) {
    const group = steps.slice(i, i + per);
    out.push({ doc: group[group.length - 1]!.doc, authors: group.flatMap((s) => s.authors) });
  }
  return out;
}

/**
 * The diff from `base` through each step in turn to the last step's document. prosemirror-changeset
 * 2.4 throws (`Span.slice` reading past its spans) on a change over 10,000 tokens whose two ends
 * overlap in repeated text, e.g. a paragraph inserted before a long one that also grew; such a chain
 * is shown as the one range that changed, replaced by everyone who wrote in it, rather than not at all.
 */
export function diffChain(base: Node, allSteps: HistoryStep[]): SectionDiff {
  try {
    return refinedDiff(base, allSteps);
  } catch (err) {
    if (!(err instanceof TypeError) || allSteps.length === 0) throw err;
    const changedBy = allSteps.filter((s, i) => !s.doc.eq(i ? allSteps[i - 1]!.doc : base));
    return wholeRangeDiff(
      base,
      allSteps[allSteps.length - 1]!.doc,
      changedBy.flatMap((s) => s.authors),
    );
  }
}

/** `base` → `last` as kept text, the replaced range deleted and inserted by `authors`, kept text. */
function wholeRangeDiff(base: Node, last: Node, authors: string[]): SectionDiff {
  const range = replacedRange(base, last);
  const size = last.content.size;
  if (!range) return { segments: [{ op: 'same', text: textBetween(last, 0, size) }], added: 0, removed: 0 };
  const who = unkey(key(authors));
  const removedText = textBetween(base, range.start, range.endA);
  const addedText = textBetween(last, range.start, range.endB);
  const segments: Segment[] = [
    { op: 'same', text: textBetween(last, 0, range.start) },
    { op: 'del', text: removedText, authors: who },
    { op: 'ins', text: addedText, authors: who },
    { op: 'same', text: textBetween(last, range.endB, size) },
  ];
  return { segments: segments.filter((s) => s.text), added: chars(addedText), removed: chars(removedText) };
}

function refinedDiff(base: Node, allSteps: HistoryStep[]): SectionDiff {
  const steps = joinSteps(allSteps);
  let set = ChangeSet.create<string>(base, (a, b) => (a === b ? a : (null as unknown as string)));
  let prev = base;
  for (const step of steps) {
    const map = stepMap(prev, step.doc);
    if (map) set = set.addSteps(step.doc, [map], key(step.authors));
    prev = step.doc;
  }
  const segments: Segment[] = [];
  const push = (op: Segment['op'], text: string, authors?: string[]) => {
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last && last.op === op && key(last.authors ?? []) === key(authors ?? [])) last.text += text;
    else segments.push(authors ? { op, text, authors } : { op, text });
  };
  let added = 0;
  let removed = 0;
  let pos = 0;
  for (const change of set.changes) {
    push('same', textBetween(prev, pos, change.fromB));
    let at = change.fromA;
    for (const span of change.deleted) {
      const text = textBetween(base, at, at + span.length);
      removed += chars(text);
      push('del', text, unkey(span.data));
      at += span.length;
    }
    at = change.fromB;
    for (const span of change.inserted) {
      const text = textBetween(prev, at, at + span.length);
      added += chars(text);
      push('ins', text, unkey(span.data));
      at += span.length;
    }
    pos = change.toB;
  }
  push('same', textBetween(prev, pos, prev.content.size));
  return { segments, added, removed };
}
