/**
 * Heading numbering of Chinese reports and when a numbered line is a heading.
 *
 * Levels follow the numbering (GB/T 9704-2012 §7.3.3): `一、` → 1, `（一）` → 2, `1.` → 3, `（1）` → 4.
 * Half-width brackets, `1．`, `1、` and full-width digits (`１．`, `（１）`) are accepted too; `1.5亿元` is a number, not a marker.
 * `一是…` / `二是…` carry no marker: such paragraphs stay paragraphs.
 */
import { countChars } from '../placeholders.ts';

const MARKERS: [RegExp, number][] = [
  [/^[一二三四五六七八九十]{1,3}、/, 1],
  [/^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]/, 2],
  [/^[\d０-９]{1,2}\s*[.．、](?![\d０-９.．])/, 3],
  [/^[（(]\s*[\d０-９]{1,2}\s*[）)]/, 4],
];

/** A heading title is at most this many characters (a longer numbered line is a paragraph). */
export const MAX_HEADING_CHARS = 50;

/** Titles of sections that hold the text around the numbered parts; exports print no heading for them. */
export const STRUCTURAL_TITLES = {
  opening: '开篇',
  body: '正文',
  closing: '结语',
  signature: '落款',
} as const;

const STRUCTURAL = new Set<string>(Object.values(STRUCTURAL_TITLES));

/** True for a section title that stands for no printed heading (`开篇`, `正文`, `结语`, `落款`). */
export const isStructuralTitle = (title: string): boolean => STRUCTURAL.has(title.trim());

/** The level of the numbering marker `text` opens with, with the text after it; null without one. */
export function markerOf(text: string): { level: number; rest: string } | null {
  for (const [re, level] of MARKERS) {
    const m = re.exec(text);
    if (m) {
      const rest = text.slice(m[0].length).trim();
      return rest ? { level, rest } : null;
    }
  }
  return null;
}

// Where a run-in heading ends: `1.坚持政治引领。今年以来……` → `1.坚持政治引领。`
const HEADING_END = /[。！？!?：:]/;
const SENTENCE_INSIDE = /[。！？!?；;]/;

/**
 * How a numbered line reads as a heading: `whole` when the line is a heading by itself (short, no
 * sentence break before its end), `split` at an offset when a short heading sentence runs into body
 * text, null when it is a numbered paragraph.
 */
export function headingShape(text: string): { whole: true } | { split: number } | null {
  const inner = text.replace(/[。！？!?：:；;]+$/, '');
  if (countChars(text) <= MAX_HEADING_CHARS && !SENTENCE_INSIDE.test(inner)) return { whole: true };
  const end = HEADING_END.exec(text);
  if (!end) return null;
  const at = end.index + 1;
  if (countChars(text.slice(0, at)) > MAX_HEADING_CHARS || !text.slice(at).trim()) return null;
  return { split: at };
}
