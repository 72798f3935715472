/**
 * Structure rules: from the blocks a front end read (plain text, Markdown, .docx) to a titled report
 * of sections. See docs/import-export.md.
 * - Junk lines (junk.ts) are dropped first and reported.
 * - Title: the first block, when it is an explicit heading or a short line (≤ 60 characters, no
 *   closing punctuation) without a numbering marker.
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

const MAX_TITLE_CHARS = 60;
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

function isTitleLine(source: SourceBlock): boolean {
  if (source.block.type === 'list') return false;
  const text = blockText(source.block).trim();
  if (!text || markerOf(text)) return false;
  if (source.depth !== undefined) return true;
  return countChars(text) <= MAX_TITLE_CHARS && !/[。！？；：，,.;:!?]$/.test(text);
}

interface Heading {
  title: string;
  level: number;
  rest: Block | null;
}

/** The section a block opens, or null for a body block. `shift` maps explicit depths to levels. */
function headingOf(source: SourceBlock, shift: number): Heading | null {
  const { block } = source;
  if (block.type === 'list') return null;
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

/** Applies the junk and structure rules to the blocks of one input. */
export function buildStructure(sources: SourceBlock[], dropped: DroppedLine[] = []): ParsedReport {
  const kept: SourceBlock[] = [];
  for (const source of sources) {
    const rule = source.block.type === 'list' ? null : junkRule(blockText(source.block).trim());
    if (rule) dropped.push({ line: source.line, text: blockText(source.block).trim(), rule });
    else kept.push(source);
  }
  dropped.sort((a, b) => a.line - b.line);

  let title = '';
  if (kept.length && isTitleLine(kept[0]!)) title = blockText(kept.shift()!.block).trim();
  // Explicit headings: the shallowest one left is level 1.
  const depths = kept.flatMap((s) => (s.depth === undefined ? [] : [s.depth]));
  const shift = depths.length ? Math.min(...depths) - 1 : 0;

  const opening: Block[] = [];
  const parts: ParsedSection[] = [];
  for (const source of kept) {
    const heading = headingOf(source, shift);
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
