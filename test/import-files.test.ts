import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../server/import-export/decode.ts';
import { parseUpload } from '../server/import-export/parse-upload.ts';
import { formatOf } from '../server/import-export/upload-format.ts';
import { summarize } from '../shared/import/index.ts';
import { wordReport } from './helpers/import.ts';

const survey = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/import/survey.txt'), 'utf8');

describe('decoding uploads', () => {
  it.each([
    ['UTF-8', Buffer.from(survey), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(survey)]), 'utf-8'],
    [
      'UTF-16 LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(survey, 'utf16le')]),
      'utf-16le',
    ],
    [
      'UTF-16 BE with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(survey, 'utf16le').swap16()]),
      'utf-16be',
    ],
    ['GB18030', iconv.encode(survey, 'gb18030'), 'gb18030'],
    ['GBK', iconv.encode(survey, 'gbk'), 'gb18030'],
  ])('%s', (_name, bytes, encoding) => {
    expect(decodeText(new Uint8Array(bytes))).toEqual({ text: survey, encoding });
  });

  it('decodes GB18030 four-byte characters (beyond GBK) too', () => {
    const text = '𠀀字库扩展B区：𪚥，欧元€';
    expect(decodeText(new Uint8Array(iconv.encode(text, 'gb18030')))).toEqual({ text, encoding: 'gb18030' });
  });

  it('tells formats by name, then content type, then bytes', () => {
    const zip = new Uint8Array([0x50, 0x4b, 3, 4]);
    expect(formatOf('报告.DOCX', '', new Uint8Array())).toBe('docx');
    expect(formatOf('a.markdown', '', new Uint8Array())).toBe('markdown');
    expect(formatOf('a.txt', 'application/octet-stream', zip)).toBe('text');
    expect(formatOf('a.pdf', 'text/plain', new Uint8Array())).toBeNull();
    expect(formatOf('', 'text/markdown', new Uint8Array())).toBe('markdown');
    expect(formatOf('', 'application/octet-stream', zip)).toBe('docx');
    expect(formatOf('', 'text/plain', new Uint8Array([0xe4]))).toBe('text');
  });
});

describe('.docx import (mammoth)', () => {
  it('reads a Word-made report: Title style, heading styles, marks, lists, tables, banner dropped', async () => {
    const { parsed, format } = await parseUpload(await wordReport(), 'docx');
    expect(format).toBe('docx');
    expect(parsed.title).toBe('市档案馆馆长2025年述职报告');
    const preview = summarize(parsed);
    expect(
      preview.sections.map((s) => `${s.level} ${s.title} ${s.paragraphs.length}p ${s.placeholders}x`),
    ).toEqual([
      '1 开篇 1p 0x',
      '1 一、履行岗位职责情况 0p 0x',
      '2 （一）推进档案数字化 2p 2x',
      '2 （二）做好档案利用服务 1p 1x',
      '1 二、存在的不足 1p 0x',
      '1 结语 1p 0x',
    ]);
    expect(parsed.dropped).toEqual([
      { line: 1, text: '【会员资料仅供内部交流使用，严禁外传】', rule: 'bracketed-notice' },
    ]);
    const [marks, list] = parsed.sections[2]!.blocks;
    expect(marks).toEqual({
      type: 'paragraph',
      runs: [
        { text: '全年完成馆藏档案数字化X万卷，', bold: true },
        { text: '数字化率达到X%。', italic: true },
      ],
    });
    expect(list).toEqual({
      type: 'list',
      ordered: false,
      items: [[{ text: '建成电子档案管理系统' }], [{ text: '开通网上查档服务' }]],
    });
    // A Word table is a table: rows of cells, one line of the preview per row, cells tab-separated.
    expect(parsed.sections[3]!.blocks).toEqual([
      {
        type: 'table',
        rows: [
          [{ paragraphs: [[{ text: '项目' }]] }, { paragraphs: [[{ text: '2025年' }]] }],
          [{ paragraphs: [[{ text: '接待查档人次' }]] }, { paragraphs: [[{ text: 'X人次' }]] }],
        ],
      },
    ]);
    expect(preview.sections[3]!.paragraphs).toEqual(['项目\t2025年\n接待查档人次\tX人次']);
  });

  it('refuses bytes that are not a .docx', async () => {
    await expect(parseUpload(new TextEncoder().encode('PK 不是压缩包'), 'docx')).rejects.toThrow(
      /not a readable .docx/,
    );
  });
});
