/**
 * .docx files numbered the way Chinese Word users number reports — automatic numbering defined in
 * word/numbering.xml, not typed — import with their structure: 一、/（一） in heading styles and
 * Chinese formats (chineseCounting, ideographTraditional, decimalEnclosedFullstop, `（%1）`) become
 * sections with their numbers; an ordinary `1.` list stays a list. Word's Title style is the title
 * whatever is above it; footnotes leave no `[1]` or `↑`; m² and CO₂ keep their super/subscripts.
 * One file goes through LibreOffice (docx → docx) and imports the same way.
 */
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';
import { describe, expect, it } from 'vitest';
import { parseUpload } from '../server/import-export/parse-upload.ts';
import { blockText } from '../shared/import/index.ts';
import { convert, describeRender } from './helpers/libreoffice.ts';

const numbering = {
  config: [
    {
      reference: 'sections',
      levels: [
        { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
        { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）', alignment: AlignmentType.LEFT },
        {
          level: 2,
          format: LevelFormat.DECIMAL_ENCLOSED_FULLSTOP,
          text: '%3',
          alignment: AlignmentType.LEFT,
        },
      ],
    },
    {
      reference: 'stems',
      levels: [
        { level: 0, format: LevelFormat.IDEOGRAPH_TRADITIONAL, text: '%1、', alignment: AlignmentType.LEFT },
      ],
    },
    {
      reference: 'list',
      levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }],
    },
  ],
};

const numbered = (text: string, level: number, heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, numbering: { reference: 'sections', level }, ...(heading ? { heading } : {}) });

/** A 工作总结 as Word users write it: numbers from numbering.xml, none typed. */
async function numberedReport(): Promise<Uint8Array> {
  const doc = new Document({
    numbering,
    footnotes: { 1: { children: [new Paragraph('数据来源：县统计局。')] } },
    sections: [
      {
        children: [
          new Paragraph('写材料的老王'),
          new Paragraph({ text: 'X县住建局2025年工作总结', heading: HeadingLevel.TITLE }),
          new Paragraph('2025年，我局围绕县委县政府决策部署，扎实推进各项工作。'),
          numbered('主要工作', 0, HeadingLevel.HEADING_1),
          numbered('城市更新有序推进', 1, HeadingLevel.HEADING_2),
          new Paragraph({
            children: [
              new TextRun('完成老旧小区改造X个，新增绿地X万m'),
              new TextRun({ text: '2', superScript: true }),
              new TextRun('，减少CO'),
              new TextRun({ text: '2', subScript: true }),
              new TextRun('排放X吨'),
              new FootnoteReferenceRun(1),
              new TextRun('。'),
            ],
          }),
          numbered('建筑市场规范发展', 1),
          numbered('开展专项检查。', 2),
          numbered('查处违法行为。', 2),
          new Paragraph({ text: '全年重点做了三件事：', numbering: undefined }),
          new Paragraph({ text: '修订管理办法', numbering: { reference: 'list', level: 0 } }),
          new Paragraph({ text: '开展业务培训', numbering: { reference: 'list', level: 0 } }),
          numbered('存在问题', 0),
          new Paragraph({ text: '规划统筹不够', numbering: { reference: 'stems', level: 0 } }),
          new Paragraph('下一步将持续改进。'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const outlineOf = async (bytes: Uint8Array) => {
  const { parsed } = await parseUpload(bytes, 'docx');
  return { parsed, outline: parsed.sections.map((s) => `${s.level} ${s.title}`) };
};

const EXPECTED = [
  '1 开篇',
  '1 一、主要工作',
  '2 （一）城市更新有序推进',
  '2 （二）建筑市场规范发展',
  '3 1.开展专项检查。',
  '3 2.查处违法行为。',
  '1 二、存在问题',
];

describe('.docx automatic numbering', () => {
  it('heading-style and Chinese-format numbering become sections with their numbers; a 1. list stays a list', async () => {
    const { parsed, outline } = await outlineOf(await numberedReport());
    expect(parsed.title).toBe('X县住建局2025年工作总结');
    expect(parsed.dropped.map((d) => [d.rule, d.text])).toEqual([['front-matter', '写材料的老王']]);
    expect(outline).toEqual(EXPECTED);
    const last = parsed.sections[5]!.blocks;
    expect(last[0]).toMatchObject({ type: 'paragraph' });
    expect(last[1]).toEqual({
      type: 'list',
      ordered: true,
      items: [[{ text: '修订管理办法' }], [{ text: '开展业务培训' }]],
    });
    // ideographTraditional: 甲、 is written out too, a numbered paragraph of its section.
    expect(parsed.sections[6]!.blocks.map(blockText)).toEqual(['甲、规划统筹不够', '下一步将持续改进。']);
  });

  it('keeps m² and CO₂, leaves no footnote [1] or ↑ behind', async () => {
    const { parsed } = await outlineOf(await numberedReport());
    const text = parsed.sections.flatMap((s) => s.blocks.map(blockText)).join('\n');
    expect(text).toContain('新增绿地X万m²，减少CO₂排放X吨。');
    expect(text).not.toMatch(/\[\d\]|↑|数据来源/);
  });

  it('Word Title style is the title even under a heading-looking line', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: '关于X的调研报告', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: '真正的标题', heading: HeadingLevel.TITLE }),
            new Paragraph('正文内容。'),
          ],
        },
      ],
    });
    const { parsed } = await parseUpload(new Uint8Array(await Packer.toBuffer(doc)), 'docx');
    expect(parsed.title).toBe('真正的标题');
  });
});

describeRender('.docx numbering through LibreOffice', () => {
  it('a file LibreOffice saved (docx → docx) imports with the same structure', {
    timeout: 90_000,
  }, async () => {
    const saved = await convert(await numberedReport(), 'docx');
    const { parsed, outline } = await outlineOf(new Uint8Array(saved));
    expect(parsed.title).toBe('X县住建局2025年工作总结');
    expect(outline).toEqual(EXPECTED);
  });
});
