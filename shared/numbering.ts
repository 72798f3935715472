/**
 * Section numbering as structure: numbers are computed from the outline's levels, never typed, so
 * they stay right when sections move, are added or removed (docs/document.md).
 * Levels (GB/T 9704-2012 §7.3.3): 1 = `一、`, 2 = `（一）`, 3 = `1.`, 4 = `（1）`.
 * Sections titled `开篇`, `正文`, `结语`, `落款` hold the text around the numbered parts: they get no
 * number and do not count.
 */
import { isStructuralTitle } from './import/markers.ts';

const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; beyond 99 the Arabic number. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`;
  return head + (ones ? DIGITS[ones] : '');
}

const clampLevel = (level: number) => Math.min(4, Math.max(1, Math.trunc(level) || 1));

/** The printed number of the n-th section (1-based) of a level: `三、`, `（二）`, `4.`, `（1）`. */
export function numberLabel(level: number, n: number): string {
  switch (clampLevel(level)) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `（${chineseNumeral(n)}）`;
    case 3:
      return `${n}.`;
    default:
      return `（${n}）`;
  }
}

// A typed number of each level, with the variants people type (half-width brackets, `1．`, `1、`).
const TYPED: Record<number, RegExp> = {
  1: /^[一二三四五六七八九十]{1,3}\s*[、.．]\s*/,
  2: /^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*[、.．]?\s*/,
  3: /^[\d０-９]{1,3}\s*[.．、](?![\d０-９.．])\s*/,
  4: /^[（(]\s*[\d０-９]{1,3}\s*[）)]\s*/,
};

/**
 * A title without the number typed at its start, when that number has the pattern of the section's
 * own level (`一、主要工作` at level 1 → `主要工作`); anything else is left as it is, and so is a
 * title that would be empty without it.
 */
export function stripNumber(title: string, level: number): string {
  const trimmed = title.trim();
  const m = TYPED[clampLevel(level)]!.exec(trimmed);
  if (!m) return trimmed;
  const rest = trimmed.slice(m[0].length).trim();
  return rest || trimmed;
}

/**
 * The number of every section in reading order ('' for 开篇/正文/结语/落款). A section counts among
 * the sections of its level since the last section of a higher level (a smaller number).
 */
export function sectionNumbers(sections: readonly { title: string; level: number }[]): string[] {
  const counters = [0, 0, 0, 0];
  return sections.map((s) => {
    if (isStructuralTitle(s.title)) return '';
    const level = clampLevel(s.level);
    counters[level - 1]! += 1;
    for (let i = level; i < counters.length; i++) counters[i] = 0;
    return numberLabel(level, counters[level - 1]!);
  });
}

/** Sections with their typed numbers stripped and the computed ones as `number`. */
export function numbered<T extends { title: string; level: number }>(
  sections: readonly T[],
): (T & { number: string })[] {
  const numbers = sectionNumbers(sections);
  return sections.map((s, i) => ({ ...s, title: stripNumber(s.title, s.level), number: numbers[i]! }));
}
