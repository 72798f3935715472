/** Splitting pasted text into trimmed lines, and the blank-line runs that are reported as dropped. */
import type { DroppedLine } from './types.ts';

// C0 controls other than tab and newline, DEL, and zero-width characters: never content.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const INVISIBLE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]/g;

/** The lines of `text` (any newline convention, a BOM, form feeds), each trimmed (also of `　`). */
export function splitLines(text: string): string[] {
  return text
    .replace(/\r\n?|[\f\u2028\u2029\u0085]/g, '\n')
    .replace(INVISIBLE, '')
    .split('\n')
    .map((line) => line.trim());
}

/** Runs of two or more blank lines, one entry per run (a single blank line just separates paragraphs). */
export function blankRuns(lines: string[]): DroppedLine[] {
  const runs: DroppedLine[] = [];
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const blank = i < lines.length && lines[i] === '';
    if (blank && start < 0) start = i;
    if (!blank && start >= 0) {
      const count = i - start;
      // Blank lines at the very start or end are trimmed, not dropped content: report only inner runs.
      if (count >= 2 && start > 0 && i < lines.length) {
        runs.push({ line: start + 1, text: '', rule: 'blank-lines', count });
      }
      start = -1;
    }
  }
  return runs;
}
