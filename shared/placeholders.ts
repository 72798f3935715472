/**
 * Placeholder detection for report text: the `X`, `某某`, `【待补充】`, `____` that templates leave
 * where a number, a name or a date still has to go.
 *
 * Rules (each has rows in placeholders.test.ts):
 * - X family: a run of `X` `Ｘ` `×` (and lowercase `x` `ｘ`) counts once (`XXX`, `20××`). Dots between
 *   X runs stay in the run (`X.X%` is one number). Digits on one side are fine (`20XX年`).
 *   Not a placeholder when:
 *   - an X edge touches a Latin/Greek/Cyrillic letter or `_` (`XML`, `Excel`, `SpaceX`, `XXL`), or a
 *     `-./'’` that joins a Latin word (`X-ray`);
 *   - across spaces a Latin word sits on one side and no Han character on the other (`Windows X`,
 *     `iPhone X`); `Excel X次` still counts, the Han side wins;
 *   - digits sit on both sides, possibly across spaces (`3x3`, `1920×1080`, `3 × 4`);
 *   - it is a lone lowercase `x` beside a digit (`提升3x`);
 *   - it is a real term: `X光`, `X射线`, `1+X`.
 * - 某: a run of two or more (`某某`, `张某某`) counts once. A single `某` is a real word part (`某些`,
 *   `某种`, `某日下午`) or a deliberate anonymisation (`张某`), so it counts only in a date chain
 *   (`某年某月某日` — each `某` once, like `X年X月`). A run mixing X and 某 (`X某某`) counts once.
 * - Brackets (`【】` `（）` `()` `［］` `[]` `〔〕`, mismatched pairs tolerated) around 待补充, 待填(写),
 *   待定, 待完善 or 待核实, optionally followed by a short note (`【待补充：具体金额】`), count once.
 * - Blanks: a run of 2+ `_`/`＿` counts once, unless it touches a Latin letter (`__init__`).
 */

/** One unfilled placeholder: its UTF-16 offset and length in the text, and the text itself. */
export interface PlaceholderMatch {
  index: number;
  length: number;
  text: string;
}

// One pass: every candidate, then an O(1) look at its neighbours decides.
const CANDIDATE_RE =
  /[XxＸｘ×某]+(?:\.[XxＸｘ×]+)*|[【（(［[〔]待(?:补充|填写?|定|完善|核实)[^【】（）()［］[\]〔〕\n]{0,30}[】）)］\]〕]|[_＿]{2,}/g;
const X_FAMILY = /[XxＸｘ×]/;
const LETTER = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const LATIN = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}_]/u;
const DIGIT = /\p{Nd}/u;
const HAN = /\p{Script=Han}/u;
const JOINERS = "-./'’";
const SPACES = ' \t\u00a0\u3000';
const DATE_UNITS = '年月日';

type Context = 'latin' | 'digit' | 'han' | 'other';

function classify(ch: string): Context {
  if (ch === '') return 'other';
  if (LATIN.test(ch)) return 'latin';
  if (DIGIT.test(ch)) return 'digit';
  return HAN.test(ch) ? 'han' : 'other';
}

/** Nearest character before `i` (exclusive), skipping spaces; '' at the text edge. */
function before(text: string, i: number): string {
  while (i > 0 && SPACES.includes(text[i - 1]!)) i--;
  return i > 0 ? text[i - 1]! : '';
}

/** Nearest character at or after `i`, skipping spaces; '' at the text edge. */
function after(text: string, i: number): string {
  while (i < text.length && SPACES.includes(text[i]!)) i++;
  return i < text.length ? text[i]! : '';
}

/** A Latin word touches this side: directly, or through a joiner (`X-ray`, `X.org`). */
function latinTouches(text: string, at: number, step: 1 | -1): boolean {
  const ch = text[at] ?? '';
  if (LATIN.test(ch)) return true;
  const beyond = text[at + step] ?? '';
  // `X-X月` is a range of two placeholders, not a word.
  return ch !== '' && JOINERS.includes(ch) && LETTER.test(beyond) && !X_FAMILY.test(beyond);
}

function isSomeDateChain(text: string, i: number): boolean {
  const forward = DATE_UNITS.includes(text[i + 1] ?? '@') && text[i + 2] === '某';
  const backward = text[i - 2] === '某' && DATE_UNITS.includes(text[i - 1] ?? '@');
  return (forward && '月日'.includes(text[i + 3] ?? '@')) || backward;
}

function isXRun(text: string, run: string, index: number): boolean {
  const end = index + run.length;
  const leftX = X_FAMILY.test(run[0]!);
  const rightX = X_FAMILY.test(run[run.length - 1]!);
  if (leftX && latinTouches(text, index - 1, -1)) return false;
  if (rightX && latinTouches(text, end, 1)) return false;
  const left = classify(before(text, index));
  const right = classify(after(text, end));
  if (leftX && left === 'latin' && right !== 'han') return false;
  if (rightX && right === 'latin' && left !== 'han') return false;
  if (leftX && rightX && left === 'digit' && right === 'digit') return false;
  if ((run === 'x' || run === 'ｘ') && (left === 'digit' || right === 'digit')) return false;
  if (run.length === 1 && run !== '×') {
    if (text.startsWith('光', end) || text.startsWith('射线', end)) return false;
    if (/^1[+＋]$/.test(text.slice(Math.max(0, index - 2), index))) return false;
  }
  return true;
}

function accept(text: string, run: string, index: number): boolean {
  const first = run[0]!;
  if (first === '_' || first === '＿') {
    return !LETTER.test(text[index - 1] ?? '') && !LETTER.test(text[index + run.length] ?? '');
  }
  if (!'XxＸｘ×某'.includes(first)) return true; // a bracketed 待补充 note
  if (!X_FAMILY.test(run)) return run.length >= 2 || isSomeDateChain(text, index);
  return isXRun(text, run, index);
}

/** Every unfilled placeholder in `text`. */
export function findPlaceholders(text: string): PlaceholderMatch[] {
  const found: PlaceholderMatch[] = [];
  for (const m of text.matchAll(CANDIDATE_RE)) {
    if (accept(text, m[0], m.index)) found.push({ index: m.index, length: m[0].length, text: m[0] });
  }
  return found;
}

/** How many unfilled placeholders `text` holds. */
export function countPlaceholders(text: string): number {
  let n = 0;
  for (const m of text.matchAll(CANDIDATE_RE)) if (accept(text, m[0], m.index)) n++;
  return n;
}

/** Characters that count: CJK and every other non-whitespace character. */
export function countChars(text: string): number {
  const stripped = text.replace(/\s+/g, '');
  let n = stripped.length;
  // A surrogate pair (e.g. CJK Extension B) is one character.
  for (let i = 0; i < stripped.length; i++) {
    const c = stripped.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}
