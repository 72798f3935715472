/**
 * Markdown front end, line by line (Chinese text is not hard-wrapped, so each non-blank line is a
 * paragraph, unlike CommonMark's soft breaks):
 * - `#`…`######` headings are explicit headings (depth = number of `#`);
 * - `- `, `* `, `+ ` and `1. ` / `1) ` (with a space) are list items; consecutive items form one list;
 *   `1.坚持…` without a space is a numbered line, as in plain text;
 * - `> ` quotes are read as paragraphs; `**bold**`, `*italic*`, `***both***` become marks;
 *   `\*`-style escapes are undone. `_` is never emphasis: `____` is a placeholder blank.
 */
import { blankRuns, splitLines } from './lines.ts';
import { buildStructure, type StructureOptions } from './structure.ts';
import type { Block, ParsedReport, Run, SourceBlock } from './types.ts';

const INLINE = /\\([\\`*_{}[\]()#+\-.!>|~])|\*\*\*(?=\S)(.+?)\*\*\*|\*\*(?=\S)(.+?)\*\*|\*(?=[^\s*])(.+?)\*/g;
const unescapeMd = (text: string) => text.replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1');

/** Inline Markdown to runs. */
export function inlineRuns(text: string): Run[] {
  const runs: Run[] = [];
  const push = (run: Run) => {
    if (!run.text) return;
    const prev = runs[runs.length - 1];
    if (prev && !!prev.bold === !!run.bold && !!prev.italic === !!run.italic) prev.text += run.text;
    else runs.push(run);
  };
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    push({ text: text.slice(at, m.index) });
    if (m[1] !== undefined) push({ text: m[1] });
    else if (m[2] !== undefined) push({ text: unescapeMd(m[2]), bold: true, italic: true });
    else if (m[3] !== undefined) push({ text: unescapeMd(m[3]), bold: true });
    else push({ text: unescapeMd(m[4]!), italic: true });
    at = m.index + m[0].length;
  }
  push({ text: text.slice(at) });
  return runs;
}

const HEADING = /^(#{1,6})\s+(.*?)(?:\s+#+)?$/;
const BULLET = /^[-*+]\s+(.*)$/;
const ORDERED = /^\d{1,3}[.)]\s+(.*)$/;

/** The blocks of a Markdown report. */
export function markdownBlocks(text: string): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let list: (Block & { type: 'list' }) | null = null;
  splitLines(text).forEach((raw, i) => {
    const line = raw.replace(/^>\s?/, '').trim();
    const heading = HEADING.exec(line);
    const item = heading ? null : (BULLET.exec(line) ?? ORDERED.exec(line));
    if (item && !/^[-*_]{3,}$/.test(line.replace(/\s/g, ''))) {
      const ordered = !BULLET.test(line);
      if (!list || list.ordered !== ordered) {
        list = { type: 'list', ordered, items: [] };
        blocks.push({ line: i + 1, block: list });
      }
      list.items.push(inlineRuns(item[1]!.trim()));
      return;
    }
    if (raw) list = null;
    if (!line) return;
    if (heading) {
      const runs = inlineRuns(heading[2]!);
      if (runs.length)
        blocks.push({ line: i + 1, block: { type: 'paragraph', runs }, depth: heading[1]!.length });
    } else blocks.push({ line: i + 1, block: { type: 'paragraph', runs: inlineRuns(line) } });
  });
  return blocks;
}

/** Parses a Markdown report. */
export function parseMarkdown(text: string, options: StructureOptions = {}): ParsedReport {
  return buildStructure(markdownBlocks(text), blankRuns(splitLines(text)), options);
}
