/**
 * The GB/T 9704-2012 (党政机关公文格式) look of a .docx export: A4; margins top 37 mm, bottom 35 mm,
 * left 28 mm, right 26 mm; title 2号 (22 pt) 方正小标宋简体 centred; body 3号 (16 pt) 仿宋_GB2312;
 * headings 黑体 (level 1), 楷体_GB2312 (2), 仿宋_GB2312 bold (3), 仿宋_GB2312 (4); a grid of 22 lines
 * of 28 characters per page (§5.2.2); first-line indent of two characters; page numbers `— 1 —` in
 * 4号 半角宋体 at the bottom, right on odd pages and left on even ones (§7.5).
 */
import { convertMillimetersToTwip as mm } from 'docx';

/** Half-points (what `size` takes). */
export const SIZE = { title: 44, body: 32, pageNumber: 28 };
/**
 * The type area (§5.2.1: 156 mm × 225 mm) holds 22 lines of 28 characters (§5.2.2).
 * Lines: the 12 756-twip text height over 22 is 579.8, so an exact line of 579 twips (28.95 pt)
 * fits 22 and not 23; `w:docGrid` (type `lines`) says the same for Word's page setup.
 * Characters: the 8 845-twip (442.25 pt) text width over 28 is 15.79 pt, a little less than a
 * 16 pt character, so body runs are condensed by 0.25 pt (`CONDENSE`, twentieths of a point):
 * 28 × 15.75 = 441 fits, 29 do not. A `linesAndChars` grid with `charSpace` −840 says this too,
 * but LibreOffice gives every character wider than that pitch two grid cells (14 characters a
 * line, checked by rendering), so the pitch is set on the runs, which Word, WPS and LibreOffice
 * all honour (test/export-render.test.ts counts the characters of a rendered line).
 */
export const LINE = 579;
export const GRID = { linePitch: LINE };
export const CONDENSE = -5;
/** One condensed character of body text (15.75 pt), in twips: what indents are measured in. */
export const CHAR = 315;
/** Two characters of 16 pt body text, in twips; Word also gets `firstLineChars`. */
export const INDENT = { firstLine: 2 * CHAR, firstLineChars: 200 };

export const PAGE = {
  size: { width: 11906, height: 16838 },
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(23) },
};

/**
 * The official fonts, and the font Word substitutes when one is missing (written as `w:altName` in
 * word/fontTable.xml, see font-table.ts): 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体.
 */
export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  level1: '黑体',
  level2: '楷体_GB2312',
  pageNumber: '宋体',
  latin: 'Times New Roman',
};

export const FALLBACKS: Record<string, string> = {
  方正小标宋简体: '宋体',
  仿宋_GB2312: '仿宋',
  楷体_GB2312: '楷体',
  黑体: 'SimHei',
  宋体: 'SimSun',
};

/** Run fonts: the Chinese face for East Asian text, Times New Roman for Latin letters and digits. */
export const runFont = (eastAsia: string, latin: string = FONTS.latin) => ({
  eastAsia,
  ascii: latin,
  hAnsi: latin,
  cs: latin,
  hint: 'eastAsia' as const,
});

/** Heading looks by section level (1–4). */
export const HEADING_LOOK: Record<number, { font: string; bold: boolean }> = {
  1: { font: FONTS.level1, bold: false },
  2: { font: FONTS.level2, bold: false },
  3: { font: FONTS.body, bold: true },
  4: { font: FONTS.body, bold: false },
};
