/**
 * Structure rules: from the blocks a front end read (plain text, Markdown, .docx) to a titled report
 * of sections. See docs/import-export.md.
 * - Junk lines (junk.ts) are dropped first and reported.
 * - Title: found structurally (title.ts); lines above it other than a document header are front
 *   matter, trailing lines after the report's end back matter (matter.ts); watermarks too.
 * - A section starts at each numbered heading (`一、` … `（1）`, levels 1–4, markers.ts) and at each
 *   explicit heading (`#`, a Word heading style): level from its marker, else from its depth.
 *   A short heading sentence running into body text (`1.坚持政治引领。今年以来……`) is split: the
 *   sentence is the title, the rest the section's first paragraph.
 * - Text before the first section → `开篇`; with no section at all → `正文`; closing paragraphs
 *   after the last part (`总之…`, `特此报告。`) → `结语`; a signature and date at the end → `落款`.
 */

import { countChars } from '../placeholders.ts';
import { closingLength, signatureLength } from './closing.ts';
import { junkRule } from './junk.ts';
import { headingShape, markerOf, STRUCTURAL_TITLES } from './markers.ts';
import { backMatter, isHeaderLine } from './matter.ts';
import { findTitle, isTitleCandidate, readsAsTitle } from './title.ts';
import {
  type Block,
  blockText,
  type DroppedLine,
  type ParsedReport,
  type ParsedSection,
  type Run,
  runsText,
  type SourceBlock,
} from './types.ts';
import { watermarks } from './watermark.ts';

/** Section titles longer than this (the API's limit) stay paragraphs. */
const MAX_SECTION_TITLE = 200;

/** Splits runs at a character offset, keeping marks on both sides. */
export function splitRuns(runs: Run[], at: number): [Run[], Run[]] {
  const head: Run[] = [];
  const tail: Run[] = [];
  let pos = 0;
  for (const run of runs) {
    const cut = Math.min(Math.max(at - pos, 0), run.text.length);
    if (cut > 0) head.push({ ...run, text: run.text.slice(0, cut) });
    if (cut < run.text.length) tail.push({ ...run, text: run.text.slice(cut) });
    pos += run.text.length;
  }
  return [head, trimRuns(tail)];
}

/** Runs without leading/trailing whitespace and without empty runs. */
export function trimRuns(runs: Run[]): Run[] {
  const out = runs.map((r) => ({ ...r }));
  if (out.length) out[0]!.text = out[0]!.text.replace(/^[\s\u3000]+/, '');
  if (out.length) out[out.length - 1]!.text = out[out.length - 1]!.text.replace(/[\s\u3000]+$/, '');
  return out.filter((r) => r.text.length > 0);
}

interface Heading {
  title: string;
  level: number;
  rest: Block | null;
}

/** The section a block opens, or null for a body block. `shift` maps explicit depths to levels. */
function headingOf(source: SourceBlock, shift: number): Heading | null {
  const { block } = source;
  if (block.type === 'list' || block.type === 'table') return null;
  const text = runsText(block.runs).trim();
  const marker = markerOf(text);
  if (source.depth !== undefined) {
    if (!text || text.length > MAX_SECTION_TITLE) return null;
    const level = marker?.level ?? Math.min(4, Math.max(1, source.depth - shift));
    return { title: text, level, rest: null };
  }
  if (!marker || block.type !== 'paragraph') return null;
  const shape = headingShape(text);
  if (!shape) return null;
  if ('whole' in shape) return { title: text, level: marker.level, rest: null };
  const runs = trimRuns(block.runs);
  const [head, tail] = splitRuns(runs, shape.split);
  return { title: runsText(head), level: marker.level, rest: { type: 'paragraph', runs: tail } };
}

const section = (title: string, level: number, kind: ParsedSection['kind'], blocks: Block[]) => ({
  title,
  level,
  kind,
  blocks,
});

/** Moves the closing paragraphs and the signature at the end of `last` into sections of their own. */
function splitEnd(last: ParsedSection, hasParts: boolean): ParsedSection[] {
  const sign = signatureLength(last.blocks);
  const end = last.blocks.length - sign;
  const close = hasParts ? closingLength(last.blocks, end) : 0;
  const out: ParsedSection[] = [];
  if (close) out.push(section(STRUCTURAL_TITLES.closing, 1, 'closing', last.blocks.slice(end - close, end)));
  if (sign) out.push(section(STRUCTURAL_TITLES.signature, 1, 'signature', last.blocks.slice(end)));
  last.blocks = last.blocks.slice(0, end - close);
  return out;
}

/**
 * Front matter of more than this many lines, or over this many characters that are also more than
 * half the text, means the title was misread.
 */
const MAX_FRONT_LINES = 15;
const MAX_FRONT_CHARS = 200;
const MAX_FRONT_SHARE = 0.5;

/**
 * `titleAt`, unless what it would make front matter looks like the report itself (many lines, a
 * large share of the text): then the first line is the title when it reads as one, as if the
 * structure gave no answer, and nothing above it is dropped.
 */
function plausibleFront(lines: { text: string | null; noise: boolean }[], titleAt: number): number {
  const size = (from: number, to: number) =>
    lines
      .slice(from, to)
      .reduce((n, l) => n + (l.text && !l.noise && !isHeaderLine(l.text) ? countChars(l.text) : 0), 0);
  const front = lines
    .slice(0, Math.max(titleAt, 0))
    .filter((l) => l.text && !l.noise && !isHeaderLine(l.text));
  const chars = size(0, titleAt);
  const tooBig = chars > MAX_FRONT_CHARS && chars > size(0, lines.length) * MAX_FRONT_SHARE;
  if (front.length <= MAX_FRONT_LINES && !tooBig) return titleAt;
  const first = lines.findIndex((l) => l.text !== null && !l.noise);
  return first >= 0 && isTitleCandidate(lines[first]!.text!) ? first : -1;
}

/** Choices the user made in the preview. */
export interface StructureOptions {
  /** Input line numbers (DroppedLine.line) to keep although a rule would drop them. */
  keep?: Iterable<number>;
}

/**
 * Which blocks are dropped and why, and which one is the title. Structure first: the title is
 * found from the document's shape (title.ts); lines above it that are no document header are
 * front matter, trailing lines after the report's end are back matter (matter.ts). Phrase rules
 * (junk.ts) and watermarks (watermark.ts) are the second signal: they also drop lines inside
 * and keep a junk line from being taken for the title.
 */
function classify(sources: SourceBlock[], keep: Set<number>): { titleAt: number; rules: (string | null)[] } {
  const all = sources.map((s) => blockText(s.block).trim());
  const texts = sources.map((s, i) => (s.block.type === 'list' || s.block.type === 'table' ? null : all[i]!));
  const phrase = texts.map((t) => (t === null ? null : junkRule(t)));
  const marks = watermarks(texts);
  const lines = sources.map((s, i) => ({
    text: texts[i]!,
    // A title repeated as a page header is still the title: only its other copies go.
    noise: phrase[i] !== null || (marks.has(i) && !readsAsTitle(texts[i]!)),
    heading: s.depth !== undefined,
    styledTitle: s.styledTitle === true,
  }));
  const titleAt = plausibleFront(lines, findTitle(lines));
  const back = backMatter(
    lines.map((l, i) => ({ text: all[i]!, noise: l.noise, list: texts[i] === null })),
    titleAt,
  );
  const rules = sources.map((s, i) => {
    if (i === titleAt || keep.has(s.line)) return null;
    if (phrase[i]) return phrase[i];
    if (marks.has(i)) return 'watermark';
    if (back.has(i)) return 'back-matter';
    if (i < titleAt && !isHeaderLine(all[i]!)) return 'front-matter';
    return null;
  });
  return { titleAt, rules };
}

/** Applies the junk and structure rules to the blocks of one input. */
export function buildStructure(
  sources: SourceBlock[],
  dropped: DroppedLine[] = [],
  options: StructureOptions = {},
): ParsedReport {
  const { titleAt, rules } = classify(sources, new Set(options.keep));
  const kept: SourceBlock[] = [];
  let title = '';
  sources.forEach((source, i) => {
    const rule = rules[i];
    if (rule) dropped.push({ line: source.line, text: blockText(source.block).trim(), rule });
    else if (i === titleAt) title = blockText(source.block).trim();
    else kept.push(source);
  });
  dropped.sort((a, b) => a.line - b.line);

  // Explicit headings: the shallowest one left is level 1.
  const depths = kept.flatMap((s) => (s.depth === undefined ? [] : [s.depth]));
  const shift = depths.length ? Math.min(...depths) - 1 : 0;
  const opening: Block[] = [];
  const parts: ParsedSection[] = [];
  // `附件：1.…` lists attachments: the numbered lines under it are that list, not sections.
  let attachments = false;
  for (const source of kept) {
    const text =
      source.block.type === 'list' || source.block.type === 'table' ? '' : blockText(source.block).trim();
    const listed: boolean = attachments && /^[\d０-９]{1,2}\s*[.．、]/.test(text);
    attachments = listed || /^附(?:件|表)\s*[:：]/.test(text);
    const heading = listed ? null : headingOf(source, shift);
    if (heading) {
      parts.push(section(heading.title, heading.level, 'part', heading.rest ? [heading.rest] : []));
    } else {
      (parts.length ? parts[parts.length - 1]!.blocks : opening).push(source.block);
    }
  }
  const sections: ParsedSection[] = [];
  if (parts.length) {
    if (opening.length) sections.push(section(STRUCTURAL_TITLES.opening, 1, 'opening', opening));
    sections.push(...parts, ...splitEnd(parts[parts.length - 1]!, true));
  } else if (opening.length) {
    const body = section(STRUCTURAL_TITLES.body, 1, 'body', opening);
    const end = splitEnd(body, false);
    sections.push(...(body.blocks.length ? [body] : []), ...end);
  }
  return { title, sections, dropped };
}
