import { describe, expect, it } from 'vitest';
import { htmlBlocks } from './html-blocks.ts';

const blocks = (html: string) => htmlBlocks(html).map((s) => s.block);

describe('htmlBlocks: tables (mammoth HTML)', () => {
  it('keeps rows, cells, header cells (their bold taken for the look), spans and cell paragraphs', () => {
    const html =
      '<p>前言</p><table><thead><tr><th><p><strong>项目</strong></p></th><th colspan="2"><p><strong>2025年</strong></p></th></tr></thead>' +
      '<tbody><tr><td rowspan="2"><p>档案</p></td><td><p>上半年<em>X</em>卷</p><p>下半年</p></td><td></td></tr>' +
      '<tr><td><ul><li>一是</li><li>二是</li></ul></td><td><p>备注</p></td></tr></tbody></table><p>后记</p>';
    expect(blocks(html)).toEqual([
      { type: 'paragraph', runs: [{ text: '前言' }] },
      {
        type: 'table',
        rows: [
          [
            { paragraphs: [[{ text: '项目' }]], header: true },
            { paragraphs: [[{ text: '2025年' }]], header: true, colspan: 2 },
          ],
          [
            { paragraphs: [[{ text: '档案' }]], rowspan: 2 },
            {
              paragraphs: [
                [{ text: '上半年' }, { text: 'X', italic: true }, { text: '卷' }],
                [{ text: '下半年' }],
              ],
            },
            { paragraphs: [] },
          ],
          [{ paragraphs: [[{ text: '一是' }], [{ text: '二是' }]] }, { paragraphs: [[{ text: '备注' }]] }],
        ],
      },
      { type: 'paragraph', runs: [{ text: '后记' }] },
    ]);
  });

  it('gives a nested table’s cells to the outer cell as paragraphs; drops a table without rows', () => {
    const html =
      '<table><tr><td><p>外</p><table><tr><td><p>内一</p></td><td><p>内二</p></td></tr></table></td></tr></table>' +
      '<table></table><p>正文</p>';
    expect(blocks(html)).toEqual([
      { type: 'table', rows: [[{ paragraphs: [[{ text: '外' }], [{ text: '内一' }], [{ text: '内二' }]] }]] },
      { type: 'paragraph', runs: [{ text: '正文' }] },
    ]);
  });

  it('caps spans at 100', () => {
    const [table] = blocks('<table><tr><td colspan="100000"><p>宽</p></td></tr></table>');
    expect(table).toEqual({ type: 'table', rows: [[{ paragraphs: [[{ text: '宽' }]], colspan: 100 }]] });
  });
});
