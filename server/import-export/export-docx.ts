/** The .docx export in the 公文 style of docx-style.ts, built with the `docx` package. */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';
import { isStructuralTitle } from '../../shared/import/markers.ts';
import type { Block, Run } from '../../shared/import/types.ts';
import { FONTS, HEADING_LOOK, INDENT, LINE, PAGE, runFont, SIZE } from './docx-style.ts';
import { withFontTable } from './font-table.ts';
import type { ExportModel } from './read-report.ts';

const spacing = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
];

/** Text runs with direct formatting, so the look holds even where styles are replaced; `\n` breaks the line. */
function textRuns(runs: Run[], font: string, bold = false): TextRun[] {
  return runs.flatMap((run) =>
    run.text.split('\n').map(
      (text, i) =>
        new TextRun({
          text,
          break: i > 0 ? 1 : undefined,
          font: runFont(font),
          size: SIZE.body,
          bold: bold || !!run.bold,
          italics: !!run.italic,
        }),
    ),
  );
}

function body(
  runs: Run[],
  extra: { numbering?: { reference: string; level: number; instance: number } } = {},
) {
  return new Paragraph({
    children: textRuns(runs, FONTS.body),
    spacing,
    indent: INDENT,
    alignment: AlignmentType.JUSTIFIED,
    ...extra,
  });
}

/** A heading of level 1–4; `styled` adds the Word heading style (navigation pane, re-import). */
function heading(level: number, text: string, styled: boolean): Paragraph {
  const l = Math.min(4, Math.max(1, level));
  const look = HEADING_LOOK[l]!;
  return new Paragraph({
    ...(styled ? { heading: HEADINGS[l - 1] } : {}),
    children: textRuns([{ text }], look.font, look.bold),
    spacing,
    indent: INDENT,
    alignment: AlignmentType.JUSTIFIED,
  });
}

function blockParagraphs(block: Block, nextList: () => number): Paragraph[] {
  if (block.type === 'paragraph') return [body(block.runs)];
  if (block.type === 'heading') return [heading(block.level, block.runs.map((r) => r.text).join(''), false)];
  const instance = nextList();
  const reference = block.ordered ? 'ordered' : 'bullet';
  return block.items.map((item) => body(item, { numbering: { reference, level: 0, instance } }));
}

function pageNumber(alignment: (typeof AlignmentType)['LEFT' | 'RIGHT']): Footer {
  // 单页码居右空一字，双页码居左空一字 (one 4号 character is 280 twips).
  const indent = alignment === AlignmentType.RIGHT ? { right: 280 } : { left: 280 };
  const children = [
    new TextRun({
      children: ['— ', PageNumber.CURRENT, ' —'],
      font: runFont(FONTS.pageNumber),
      size: SIZE.pageNumber,
    }),
  ];
  return new Footer({ children: [new Paragraph({ alignment, indent, children })] });
}

const listLevel = (format: (typeof LevelFormat)['DECIMAL' | 'BULLET'], text: string) => ({
  reference: format === LevelFormat.DECIMAL ? 'ordered' : 'bullet',
  levels: [
    { level: 0, format, text, alignment: AlignmentType.LEFT, style: { paragraph: { indent: INDENT } } },
  ],
});

/** The report as a .docx file. */
export async function toDocx(model: ExportModel): Promise<Buffer> {
  const children: Paragraph[] = [];
  let lists = 0;
  const nextList = () => ++lists;
  if (model.title) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.TITLE,
        alignment: AlignmentType.CENTER,
        spacing: { ...spacing, after: LINE },
        children: [new TextRun({ text: model.title, font: runFont(FONTS.title), size: SIZE.title })],
      }),
    );
  }
  for (const s of model.sections) {
    if (!isStructuralTitle(s.title)) children.push(heading(s.level, s.title, true));
    for (const block of s.blocks) children.push(...blockParagraphs(block, nextList));
  }
  if (model.comments.length) {
    children.push(heading(1, '批注', false));
    model.comments.forEach((c, i) => {
      const replies = c.replies.map((r) => `\n回复 ${r.author}：${r.body}`).join('');
      const status = c.resolved ? '（已解决）' : '';
      children.push(
        body([{ text: `${i + 1}. 〔${c.section}〕“${c.quote}”${status} ${c.author}：${c.body}${replies}` }]),
      );
    });
  }
  const headingStyle = (font: string, bold: boolean) => ({
    run: { font: runFont(font), size: SIZE.body, bold, italics: false, color: '000000' },
    paragraph: { spacing, indent: INDENT },
  });
  const doc = new Document({
    title: model.title,
    creator: 'coreport',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: runFont(FONTS.body),
            size: SIZE.body,
            language: { value: 'zh-CN', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing },
        },
        title: { run: { font: runFont(FONTS.title), size: SIZE.title, bold: false, color: '000000' } },
        heading1: headingStyle(HEADING_LOOK[1]!.font, false),
        heading2: headingStyle(HEADING_LOOK[2]!.font, false),
        heading3: headingStyle(HEADING_LOOK[3]!.font, true),
        heading4: headingStyle(HEADING_LOOK[4]!.font, false),
      },
    },
    numbering: { config: [listLevel(LevelFormat.DECIMAL, '%1.'), listLevel(LevelFormat.BULLET, '•')] },
    sections: [
      {
        properties: { page: PAGE },
        footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
        children,
      },
    ],
  });
  return withFontTable(await Packer.toBuffer(doc));
}
