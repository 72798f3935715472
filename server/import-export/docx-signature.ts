/**
 * The 落款 of a .docx export, GB/T 9704-2012 §7.3.5: a blank line below the text, then the signer
 * (organisation, name) and the date under it, on the right. The date is indented four characters
 * from the right margin; each line above it is centred on the date (its right indent grows by half
 * of how much shorter it is), so the signer stands over the date as the standard draws it.
 */

import { DATE_LINE } from '../../shared/import/closing.ts';
import { CHAR } from './docx-style.ts';

/** Right indent of the date, in characters. */
const DATE_INDENT = 4;

const HALF = /[ -\u00ff\uff61-\uff9f]/;
/** The gap Word and LibreOffice put between Chinese and Latin text (autoSpaceDE/DN), in characters. */
const AUTO_SPACE = 0.25;

/**
 * Printed width in characters: a CJK or full-width character is one, Latin letters and digits
 * half, plus the automatic gap at each change between the two (`2025年12月` has three).
 */
export function printWidth(text: string): number {
  let width = 0;
  let prev: boolean | null = null;
  for (const ch of text.trim()) {
    const half = HALF.test(ch);
    width += (half ? 0.5 : 1) + (prev !== null && prev !== half ? AUTO_SPACE : 0);
    prev = half;
  }
  return width;
}

/** Right indents in twips for the lines of a signature block, in order. */
export function signatureIndents(lines: string[]): number[] {
  const last = lines.length - 1;
  const date = last >= 0 && DATE_LINE.test(lines[last]!.trim()) ? printWidth(lines[last]!) : null;
  return lines.map((line, i) => {
    if (date === null || i === last) return DATE_INDENT * CHAR;
    const chars = DATE_INDENT + (date - printWidth(line)) / 2;
    return Math.max(0, Math.round(chars * CHAR));
  });
}
