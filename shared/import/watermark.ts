/**
 * Watermarks: the same short line at the top and at the bottom of a paste (a site's name and
 * address on every page of a 文库 download), or three times or more anywhere. Never a numbered
 * line, a date, a document header line or a short name: those repeat in real reports (the organ
 * above the title and in the signature).
 */
import { countChars } from '../placeholders.ts';
import { DATE_LINE } from './closing.ts';
import { markerOf } from './markers.ts';
import { isHeaderLine, WEBBY } from './matter.ts';

const MAX_WATERMARK_CHARS = 50;
/** How many lines at each end count as the top and the bottom. */
const EDGE = 5;

const key = (text: string) => text.replace(/\s+/g, '');

function mayRepeat(text: string): boolean {
  const n = countChars(text);
  return (
    n === 0 ||
    n > MAX_WATERMARK_CHARS ||
    markerOf(text) !== null ||
    DATE_LINE.test(text) ||
    isHeaderLine(text) ||
    /^\p{Script=Han}{2,4}$/u.test(text) ||
    /[:：]\s*\S/.test(text.slice(0, 8))
  );
}

/** Indices of the lines (null: not a text line) that are watermarks. */
export function watermarks(texts: readonly (string | null)[]): Set<number> {
  const at = new Map<string, number[]>();
  const order: number[] = [];
  texts.forEach((text, i) => {
    if (!text) return;
    order.push(i);
    if (mayRepeat(text)) return;
    const k = key(text);
    const list = at.get(k) ?? [];
    list.push(i);
    at.set(k, list);
  });
  const top = new Set(order.slice(0, EDGE));
  const bottom = new Set(order.slice(-EDGE));
  const out = new Set<number>();
  for (const list of at.values()) {
    if (list.length < 2) continue;
    const text = texts[list[0]!]!;
    // A sentence the report says twice is the report's, unless it names a site.
    if (/[。！？；]$/.test(text) && !WEBBY.test(text)) continue;
    const edges = list.some((i) => top.has(i)) && list.some((i) => bottom.has(i));
    // Three copies in the middle: a page header of a download, unless it could be a label the
    // report repeats (`主要做法`): only one with a site's words, or with Latin letters or digits
    // (not the X of a placeholder).
    const pageHeader = list.length >= 3 && (WEBBY.test(text) || /[A-WYZa-wyz0-9]/.test(text));
    if (edges || pageHeader) for (const i of list) out.add(i);
  }
  return out;
}
