import { Document, Packer } from 'docx';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { TableCell } from '../../shared/import/types.ts';
import { RevisionIds } from './docx-runs.ts';
import { columnCount, docxTable } from './docx-table.ts';
import { htmlBlocks } from './html-blocks.ts';

const c = (text: string, more: Partial<TableCell> = {}): TableCell => ({ paragraphs: [[{ text }]], ...more });

// 项目 | 上半年 (spans two) ; 档案 (spans two rows) | 一 | 二 ; (covered) | 三 | 四
const MERGED: TableCell[][] = [
  [c('项目', { header: true }), c('上半年', { header: true, colspan: 2 })],
  [c('档案', { rowspan: 2 }), c('一季度'), c('二季度')],
  [c('三季度'), c('四季度')],
];

describe('docx tables', () => {
  it('counts grid columns through column and row spans', () => {
    expect(columnCount(MERGED)).toBe(3);
    expect(columnCount([[c('甲')], [c('乙'), c('丙'), c('丁')]])).toBe(3);
    expect(columnCount([[c('宽', { colspan: 4 })]])).toBe(4);
    expect(columnCount([])).toBe(1);
  });

  it('keeps merged cells and the header row through Word and back (mammoth)', async () => {
    const table = docxTable({ type: 'table', rows: MERGED }, new RevisionIds(0));
    const bytes = await Packer.toBuffer(new Document({ sections: [{ children: [table] }] }));
    const { value } = await mammoth.convertToHtml({ buffer: bytes });
    expect(htmlBlocks(value).map((s) => s.block)).toEqual([{ type: 'table', rows: MERGED }]);
  });
});
