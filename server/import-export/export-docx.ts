/** The .docx export in the 公文 style of docx-style.ts, built with the `docx` package. */
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  DocumentGridType,
  Footer,
  HeadingLevel,
  LevelFormat,
  LevelSuffix,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  type Table,
  TextRun,
} from 'docx';
import { isStructuralTitle, STRUCTURAL_TITLES } from '../../shared/import/markers.ts';
import { isSalutation } from '../../shared/import/salutation.ts';
import { type Block, blockLines, type Run, runsText } from '../../shared/import/types.ts';
import { wordComments } from './docx-comments.ts';
import { patchDocx } from './docx-patch.ts';
import { RevisionIds, textRuns } from './docx-runs.ts';
import { signatureIndents } from './docx-signature.ts';
import { CONDENSE, FONTS, GRID, HEADING_LOOK, INDENT, LINE, PAGE, runFont, SIZE } from './docx-style.ts';
import { docxTable } from './docx-table.ts';
import type { ExportModel, ExportSection } from './read-report.ts';

const spacing = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
];
type Numbering = { reference: string; level: number; instance: number };

/** Wraps paragraph children in the ranges of comments that have no anchor text left. */
function withComments(children: ParagraphChild[], ids: number[]): ParagraphChild[] {
  if (!ids.length) return children;
  return [
    ...ids.map((id) => new CommentRangeStart(id)),
    ...children,
    ...ids.flatMap((id) => [new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })]),
  ];
}

/** Writes one report: the revision ids it hands out stay unique across its paragraphs. */
class Writer {
  private lists = 0;
  constructor(private readonly revisions: RevisionIds) {}

  paragraph(runs: Run[], numbering?: Numbering): Paragraph {
    return new Paragraph({
      children: textRuns(runs, FONTS.body, this.revisions),
      spacing,
      indent: INDENT,
      alignment: AlignmentType.JUSTIFIED,
      ...(numbering ? { numbering } : {}),
    });
  }

  /** A heading of level 1–4, kept on the page of the paragraph after it. `styled`: the Word heading style. */
  heading(level: number, runs: Run[], styled: boolean, loose: number[] = []): Paragraph {
    const l = Math.min(4, Math.max(1, level));
    const look = HEADING_LOOK[l]!;
    return new Paragraph({
      ...(styled ? { heading: HEADINGS[l - 1] } : {}),
      children: withComments(textRuns(runs, look.font, this.revisions, look.bold), loose),
      spacing,
      indent: INDENT,
      alignment: AlignmentType.JUSTIFIED,
      keepNext: true,
      keepLines: true,
    });
  }

  blocks(block: Block): (Paragraph | Table)[] {
    if (block.type === 'paragraph') return [this.paragraph(block.runs)];
    if (block.type === 'heading') return [this.heading(block.level, block.runs, false)];
    if (block.type === 'table') return [docxTable(block, this.revisions)];
    const instance = ++this.lists;
    const reference = block.ordered ? 'ordered' : 'bullet';
    return block.items.map((item) => this.paragraph(item, { reference, level: 0, instance }));
  }

  /** 落款: right-aligned, the signer centred over the date, a blank line above (docx-signature.ts). */
  signature(section: ExportSection): Paragraph[] {
    const lines = section.blocks.flatMap(blockLines);
    const indents = signatureIndents(lines.map(runsText));
    return lines.map(
      (runs, i) =>
        new Paragraph({
          children: withComments(
            textRuns(runs, FONTS.body, this.revisions),
            i === 0 ? section.looseComments : [],
          ),
          spacing: { ...spacing, before: i === 0 ? LINE : 0 },
          alignment: AlignmentType.RIGHT,
          indent: { right: indents[i]! },
          keepNext: i < lines.length - 1,
        }),
    );
  }

  /** The paragraphs of one section; `first`: the report's first section, whose salutation is flush left. */
  section(s: ExportSection, first: boolean): (Paragraph | Table)[] {
    if (s.title === STRUCTURAL_TITLES.signature) return this.signature(s);
    const out: (Paragraph | Table)[] = [];
    const structural = isStructuralTitle(s.title);
    if (!structural) out.push(this.heading(s.level, [{ text: s.title }], true, s.looseComments));
    for (const [i, block] of s.blocks.entries()) {
      const salutation =
        first && structural && i === 0 && block.type === 'paragraph' && isSalutation(runsText(block.runs));
      if (!salutation) out.push(...this.blocks(block));
      else {
        // 主送 / salutation (GB/T 9704 §7.3.2): flush left, no indent.
        const children = textRuns(block.runs, FONTS.body, this.revisions);
        out.push(new Paragraph({ children, spacing, alignment: AlignmentType.LEFT }));
      }
    }
    if (structural && s.looseComments.length && out[0]) {
      // No heading to hang them on: they go on an empty line before the section's text.
      out.unshift(new Paragraph({ children: withComments([], s.looseComments), spacing }));
    }
    return out;
  }
}

function pageNumber(alignment: (typeof AlignmentType)['LEFT' | 'RIGHT']): Footer {
  // 单页码居右空一字，双页码居左空一字 (one 4号 character is 280 twips); 4号半角宋体 digits (§7.5).
  const indent = alignment === AlignmentType.RIGHT ? { right: 280 } : { left: 280 };
  const children = [
    new TextRun({
      children: ['— ', PageNumber.CURRENT, ' —'],
      font: runFont(FONTS.pageNumber, FONTS.pageNumber),
      size: SIZE.pageNumber,
    }),
  ];
  return new Footer({ children: [new Paragraph({ alignment, indent, children })] });
}

/** A one-level list whose marker is followed by nothing (no tab gap: `1.坚持…` as typed in a 公文). */
const listLevel = (format: (typeof LevelFormat)['DECIMAL' | 'BULLET'], text: string) => ({
  reference: format === LevelFormat.DECIMAL ? 'ordered' : 'bullet',
  levels: [
    {
      level: 0,
      format,
      text,
      suffix: LevelSuffix.NOTHING,
      alignment: AlignmentType.LEFT,
      style: {
        run: { font: runFont(FONTS.body), size: SIZE.body, characterSpacing: CONDENSE },
        paragraph: { indent: INDENT },
      },
    },
  ],
});

/** The report as a .docx file. */
export async function toDocx(model: ExportModel): Promise<Buffer> {
  const commentIds = model.comments.reduce((n, c) => n + 1 + c.replies.length, 0);
  const writer = new Writer(new RevisionIds(commentIds));
  const children: (Paragraph | Table)[] = [];
  if (model.title) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.TITLE,
        alignment: AlignmentType.CENTER,
        spacing: { ...spacing, after: LINE },
        keepNext: true,
        children: [new TextRun({ text: model.title, font: runFont(FONTS.title), size: SIZE.title })],
      }),
    );
  }
  for (const [i, s] of model.sections.entries()) children.push(...writer.section(s, i === 0));
  const loose = new Set(model.sections.flatMap((s) => s.looseComments));
  const headingStyle = (font: string, bold: boolean) => ({
    run: {
      font: runFont(font),
      size: SIZE.body,
      characterSpacing: CONDENSE,
      bold,
      italics: false,
      color: '000000',
    },
    paragraph: { spacing, indent: INDENT, keepNext: true, keepLines: true },
  });
  const doc = new Document({
    title: model.title,
    creator: 'coreport',
    evenAndOddHeaderAndFooters: true,
    // A line ended by a soft break (Shift+Enter) is not stretched to the margin.
    compatibility: { doNotExpandShiftReturn: true },
    ...(model.comments.length ? { comments: { children: wordComments(model.comments, loose) } } : {}),
    styles: {
      default: {
        document: {
          run: {
            font: runFont(FONTS.body),
            size: SIZE.body,
            characterSpacing: CONDENSE,
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
      // The body look again on Normal itself, for readers that take it from there, not the defaults.
      paragraphStyles: [
        {
          id: 'Normal',
          name: 'Normal',
          run: { font: runFont(FONTS.body), size: SIZE.body, characterSpacing: CONDENSE },
          paragraph: { spacing },
        },
      ],
    },
    numbering: { config: [listLevel(LevelFormat.DECIMAL, '%1.'), listLevel(LevelFormat.BULLET, '•')] },
    sections: [
      {
        properties: {
          page: PAGE,
          grid: { type: DocumentGridType.LINES, ...GRID },
        },
        footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
        children,
      },
    ],
  });
  return patchDocx(await Packer.toBuffer(doc));
}
