/**
 * Bounds on what one import may make the server read, checked as soon as each quantity is known
 * (after decoding, after unzipping's directory, after the blocks are read): an upload within the byte
 * limit can still decode to millions of paragraphs (a .docx compresses 1.5 M empty paragraphs into
 * 236 KB), and every paragraph costs memory in the parser and time in the report doc. A normal 述职报告
 * has tens of sections and hundreds of paragraphs; the limits leave two orders of magnitude above that.
 * Parsing and building happen in the import worker; what the limits still bound on the event loop is
 * opening the report afterwards (decoding its doc: about 150 ms of CPU at the limits, docs/reliability.md).
 */

import { blockLines, type Run, type SourceBlock } from '../../shared/import/types.ts';

export const IMPORT_LIMITS = {
  /** Characters of decoded text (a .txt/.md file, or the HTML mammoth writes for a .docx). */
  chars: 500_000,
  /** Paragraphs (non-blank lines, Word paragraphs, list items). */
  paragraphs: 5_000,
  /** Sections the structure rules may make. */
  sections: 500,
  /** Entries in a .docx zip. */
  zipEntries: 1_000,
  /** Uncompressed size of all entries of a .docx (images included). */
  zipBytes: 100 * 1024 * 1024,
  /** Uncompressed size of one XML part of a .docx (word/document.xml holds the text). */
  xmlPartBytes: 16 * 1024 * 1024,
} as const;

/** Why an import was refused; the route answers with `status` and `code`, the message in zh-CN. */
export class ImportRefused extends Error {
  constructor(
    readonly status: 413 | 422 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const wan = (n: number) => (n >= 10_000 ? `${+(n / 10_000).toFixed(1)}万` : String(n));

export const tooManyChars = (chars: number) =>
  new ImportRefused(
    413,
    'import_too_long',
    `文件内容过长：解码后约 ${wan(chars)}字，上限 ${wan(IMPORT_LIMITS.chars)}字，请分成几份导入`,
  );

export const tooManyParagraphs = (count: number) =>
  new ImportRefused(
    422,
    'import_too_many_paragraphs',
    `段落过多：${wan(count)}段以上，上限 ${wan(IMPORT_LIMITS.paragraphs)}段，请分成几份导入`,
  );

export const tooManySections = (count: number) =>
  new ImportRefused(
    422,
    'import_too_many_sections',
    `章节过多：${wan(count)}个，上限 ${wan(IMPORT_LIMITS.sections)}个，请检查标题编号或分成几份导入`,
  );

export const unpackedTooLarge = (detail: string) =>
  new ImportRefused(413, 'import_unpacked_too_large', `Word 文件解压后过大（${detail}），无法导入`);

/** Refuses decoded text over the character limit, or with more non-blank lines than paragraphs allowed. */
export function checkText(text: string): void {
  if (text.length > IMPORT_LIMITS.chars) throw tooManyChars(text.length);
  // Counting newlines is linear and allocates nothing; blank lines are not paragraphs.
  let lines = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) {
      if (!blank && ++lines > IMPORT_LIMITS.paragraphs) throw tooManyParagraphs(lines);
      blank = true;
    } else if (ch > 32 && ch !== 0x3000) blank = false;
  }
  if (!blank && lines + 1 > IMPORT_LIMITS.paragraphs) throw tooManyParagraphs(lines + 1);
}

/** Refuses blocks (a .docx's, once read) with more paragraphs (list items and table cell paragraphs one each) or characters than allowed. */
export function checkBlocks(blocks: SourceBlock[]): void {
  let paragraphs = 0;
  let chars = 0;
  const add = (runs: Run[]) => {
    for (const run of runs) chars += run.text.length;
  };
  for (const { block } of blocks) {
    const lines = blockLines(block);
    paragraphs += lines.length;
    lines.forEach(add);
  }
  if (paragraphs > IMPORT_LIMITS.paragraphs) throw tooManyParagraphs(paragraphs);
  if (chars > IMPORT_LIMITS.chars) throw tooManyChars(chars);
}

/** Refuses a parse with more sections than allowed. */
export function checkSections(count: number): void {
  if (count > IMPORT_LIMITS.sections) throw tooManySections(count);
}
