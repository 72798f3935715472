/**
 * The end of a report that belongs to no numbered part: a closing paragraph (`总之…`, `以上报告，
 * 请审议。`, `特此报告。`) and a signature block (an organisation or a name, then a date).
 */
import { countChars } from '../placeholders.ts';
import { markerOf } from './markers.ts';
import { type Block, runsText } from './types.ts';

const NUM = '[\\d〇○零OＯ一二三四五六七八九十XＸ×x某]';
const DIGIT = '[\\dXＸx]';
/**
 * A whole line that is a date: `2025年12月30日`, `二〇二五年十二月`, `20XX年X月X日`, `（2025年12月）`,
 * `2025.12.30` / `2025-12-30` / `2025/12/30`, optionally labelled `日期：`. Only whole lines: a
 * sentence that opens with a date (`2023年7月，我局召开…`) is body text.
 */
export const DATE_LINE = new RegExp(
  `^(?:(?:日期|时间)\\s*[:：]\\s*)?[（(]?\\s*(?:${NUM}{1,4}\\s*年\\s*${NUM}{1,3}\\s*月(?:\\s*${NUM}{1,3}\\s*日)?|${DIGIT}{4}([.\\-/])${DIGIT}{1,2}\\1${DIGIT}{1,2})\\s*[）)]?$`,
);
const CLOSER =
  /^(?:总之|总而言之|综上|以上(?:报告|是|就是|述职|汇报|材料|情况)|特此|此致|妥否|请.{0,12}(?:审议|批示|评议|指正|批评|审阅)|谢谢|我的(?:述职|汇报)|述职完毕|汇报完毕)/;
/** Lines of a signature block above its date are at most this long. */
const SIGNATURE_CHARS = 25;
const MAX_SIGNATURE_LINES = 3;

const textOf = (block: Block): string | null =>
  block.type === 'paragraph' ? runsText(block.runs).trim() : null;

/** `述职人：李明`, `汇报单位：X区政协办公室`: a labelled signer, the one place a colon belongs in a signature. */
const SIGNER_LABEL =
  /^(?:述职人|汇报人|报告人|发言人|署名|签名|(?:报告|汇报|述职)?单位)\s*[:：]\s*[^。！？；：，,;:!?]+$/;

const isSignatureLine = (text: string | null): text is string =>
  text !== null &&
  countChars(text) > 0 &&
  countChars(text) <= SIGNATURE_CHARS &&
  (SIGNER_LABEL.test(text) || !/[。！？；：，,;:!?]/.test(text)) &&
  !markerOf(text);

/** How many blocks at the end of `blocks` form a signature block (0 without a date line last). */
export function signatureLength(blocks: Block[]): number {
  const last = blocks.length ? textOf(blocks[blocks.length - 1]!) : null;
  if (last === null || !DATE_LINE.test(last)) return 0;
  let n = 1;
  while (
    n <= MAX_SIGNATURE_LINES &&
    n < blocks.length &&
    isSignatureLine(textOf(blocks[blocks.length - 1 - n]!))
  ) {
    n++;
  }
  return n;
}

/** How many blocks before `end` are closing paragraphs; the first block is never taken. */
export function closingLength(blocks: Block[], end: number): number {
  let n = 0;
  while (end - n - 1 > 0) {
    const text = textOf(blocks[end - n - 1]!);
    if (text === null || !CLOSER.test(text)) break;
    n++;
  }
  return n;
}
