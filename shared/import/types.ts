/** The shapes the import parser produces; shared by the server (building the doc) and the client (preview). */

/** A stretch of text with the marks the editor schema has. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** A table cell: its paragraphs, whether it is a header cell, and how far it spans. */
export interface TableCell {
  paragraphs: Run[][];
  header?: boolean;
  colspan?: number;
  rowspan?: number;
}

/** One block of a section body, in the editor's terms. */
export type Block =
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'heading'; level: number; runs: Run[] }
  | { type: 'list'; ordered: boolean; items: Run[][] }
  | { type: 'table'; rows: TableCell[][] };

/** A block as a front end (plain text, Markdown, .docx) read it, before the structure rules run. */
export interface SourceBlock {
  /** 1-based line (plain text, Markdown) or paragraph (.docx) number in the input. */
  line: number;
  block: Block;
  /** Set when the input marked the block as a heading (`#` depth, a Word heading style). */
  depth?: number;
  /** Set for Word's Title style: the title whatever is above it. */
  styledTitle?: boolean;
}

/** Why a section exists: a numbered part, or text around the parts kept in its own section. */
export type SectionKind = 'part' | 'opening' | 'body' | 'closing' | 'signature';

export interface ParsedSection {
  title: string;
  /** 1 = `一、`, 2 = `（一）`, 3 = `1.`, 4 = `（1）` (docs/document.md). */
  level: number;
  kind: SectionKind;
  blocks: Block[];
}

/** A line left out of the report, and the junk rule that dropped it. */
export interface DroppedLine {
  line: number;
  text: string;
  rule: string;
  /** For `blank-lines`: how many blank lines the run had. */
  count?: number;
}

export interface ParsedReport {
  /** The title line, or '' when the input has none. */
  title: string;
  sections: ParsedSection[];
  dropped: DroppedLine[];
}

/** Plain text of a run list. */
export const runsText = (runs: Run[]): string => runs.map((r) => r.text).join('');

/** Every line of a block: a paragraph's runs, each list item, each paragraph of each table cell. */
export function blockLines(block: Block): Run[][] {
  if (block.type === 'list') return block.items;
  if (block.type === 'table') return block.rows.flatMap((row) => row.flatMap((cell) => cell.paragraphs));
  return [block.runs];
}

/** Plain text of a block: list items one per line; a table row per line, its cells tab-separated. */
export function blockText(block: Block): string {
  if (block.type === 'table')
    return block.rows
      .map((row) => row.map((c) => c.paragraphs.map(runsText).join(' ')).join('\t'))
      .join('\n');
  return blockLines(block).map(runsText).join('\n');
}

/** A paragraph of unformatted text. */
export const paragraph = (text: string): Block => ({ type: 'paragraph', runs: [{ text }] });
