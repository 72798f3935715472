/**
 * What a name or title may hold (issue 13.10): display names, usernames, report and section titles
 * are shown to other people, so none may carry control characters, bidi overrides (which make
 * `报告‮txt.exe` read backwards) or nothing visible at all. Titles and display names are NFC, not
 * NFKC: NFKC would turn the full-width punctuation of Chinese titles (`（一）`, `，`) into ASCII.
 * Usernames are NFKC (`ｗａｎｇ` is `wang`) and may not mix Latin with Cyrillic or Greek letters, the
 * look-alikes (`wаngjuan` with a Cyrillic а) that NFKC and case folding leave apart.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Whitespace and the characters that render as nothing (zero-width, Hangul fillers). */
const INVISIBLE = /^[\s\u200b-\u200d\u2060\ufeff\u3000\u115f\u1160\u3164\uffa0\u180e]*$/u;

/** The reason `text` is not an acceptable name, in zh-CN, or null. */
export function nameProblem(text: string): string | null {
  if (CONTROL.test(text)) return '不能包含控制字符';
  if (BIDI.test(text)) return '不能包含双向文字控制符';
  if (INVISIBLE.test(text)) return '不能为空或只有不可见字符';
  return null;
}

/** A title or display name as stored: NFC, trimmed. */
export const cleanName = (text: string): string => text.normalize('NFC').trim();

/** A username as stored and looked up: NFKC, trimmed. */
export const cleanUsername = (text: string): string => text.normalize('NFKC').trim();

/** Whether a username mixes Latin letters with Cyrillic or Greek ones (a look-alike). */
export function mixesScripts(username: string): boolean {
  const latin = /\p{Script=Latin}/u.test(username);
  return latin && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(username);
}
