/** Client helpers of import/export: the pasted-text format guess, export file names, print roles. */
import { describe, expect, it } from 'vitest';
import { dispositionName, guessFormat } from '../../client/src/import-export.ts';
import { printRole } from '../../client/src/print.ts';

describe('guessFormat', () => {
  it('reads a `#` heading line as Markdown, anything else as plain text', () => {
    expect(guessFormat('# 2025年度工作总结\n\n## 一、主要工作\n全年完成X项任务。')).toBe('markdown');
    expect(guessFormat('2025年度工作总结\n一、主要工作\n全年完成X项任务。')).toBe('text');
    // A `#` with no space, or a number sign inside a line, is text.
    expect(guessFormat('#话题# 全年发稿X篇\n第#3号文件')).toBe('text');
  });
});

describe('dispositionName', () => {
  it('prefers the UTF-8 filename* and falls back to filename', () => {
    const title = '2025年度个人述职报告.docx';
    const header = `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent(title)}`;
    expect(dispositionName(header)).toBe(title);
    expect(dispositionName('attachment; filename="report.md"')).toBe('report.md');
    expect(dispositionName(`attachment; filename="report.txt"; filename*=UTF-8''%E0%A4`)).toBe('report.txt');
    expect(dispositionName(null)).toBeNull();
  });
});

describe('printRole', () => {
  it('prints 开篇, 正文 and 结语 as running text, 落款 as the signature, others with a heading', () => {
    expect(['开篇', '正文', '结语', ' 落款 ', '一、主要工作', '结语与展望'].map(printRole)).toEqual([
      'plain',
      'plain',
      'plain',
      'signature',
      'heading',
      'heading',
    ]);
  });
});
