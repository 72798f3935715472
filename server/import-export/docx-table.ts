/**
 * A table of the .docx export in the 公文 look: thin (½ pt) black rules all round and between
 * cells, the full width of the type area in equal columns, cells in the body font with no
 * first-line indent, the header row bold and centred (and repeated on each page, `w:tblHeader`,
 * which a re-import reads as header cells); a row is never split across pages.
 */
import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { Block, TableCell as Cell } from '../../shared/import/types.ts';
import { type RevisionIds, textRuns } from './docx-runs.ts';
import { FONTS, LINE, PAGE } from './docx-style.ts';

const RULE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = {
  top: RULE,
  bottom: RULE,
  left: RULE,
  right: RULE,
  insideHorizontal: RULE,
  insideVertical: RULE,
};
/** The type area's width, in twips. */
const WIDTH = PAGE.size.width - PAGE.margin.left - PAGE.margin.right;

/** Columns of the table's grid: cells spanning down from rows above take their columns. */
export function columnCount(rows: Cell[][]): number {
  const below: number[] = [];
  let count = 0;
  for (const row of rows) {
    let col = 0;
    for (const cell of row) {
      while ((below[col] ?? 0) > 0) col++;
      const span = cell.colspan ?? 1;
      for (let i = 0; i < span; i++) below[col + i] = cell.rowspan ?? 1;
      col += span;
    }
    count = Math.max(count, below.length);
    for (let i = 0; i < below.length; i++) below[i] = Math.max(0, (below[i] ?? 0) - 1);
  }
  return Math.max(1, count);
}

function cell(c: Cell, width: number, revisions: RevisionIds): TableCell {
  const paragraphs = c.paragraphs.length ? c.paragraphs : [[]];
  return new TableCell({
    width: { size: width * (c.colspan ?? 1), type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    ...(c.colspan && c.colspan > 1 ? { columnSpan: c.colspan } : {}),
    ...(c.rowspan && c.rowspan > 1 ? { rowSpan: c.rowspan } : {}),
    children: paragraphs.map(
      (runs) =>
        new Paragraph({
          children: textRuns(runs, FONTS.body, revisions, !!c.header),
          spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          alignment: c.header ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
        }),
    ),
  });
}

/** The table block as a Word table. */
export function docxTable(block: Block & { type: 'table' }, revisions: RevisionIds): Table {
  const columns = columnCount(block.rows);
  const width = Math.floor(WIDTH / columns);
  return new Table({
    width: { size: width * columns, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => width),
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    rows: block.rows.map(
      (row) =>
        new TableRow({
          cantSplit: true,
          // Only when true: `docx` writes `w:tblHeader w:val="off"` otherwise, a header to mammoth.
          ...(row.length > 0 && row.every((c) => c.header) ? { tableHeader: true } : {}),
          children: row.map((c) => cell(c, width, revisions)),
        }),
    ),
  });
}
