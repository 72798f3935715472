/**
 * The GB/T 9704-2012 (党政机关公文格式) look of a .docx export: A4; margins top 37 mm, bottom 35 mm,
 * left 28 mm, right 26 mm; title 2号 (22 pt) 方正小标宋简体 centred; body 3号 (16 pt) 仿宋_GB2312;
 * headings 黑体 (level 1), 楷体_GB2312 (2), 仿宋_GB2312 bold (3), 仿宋_GB2312 (4); exact 28 pt line
 * spacing; first-line indent of two characters; page numbers `— 1 —` in 4号 宋体 at the bottom,
 * right on odd pages and left on even ones.
 */
import { convertMillimetersToTwip as mm } from 'docx';

/** Half-points (what `size` takes). */
export const SIZE = { title: 44, body: 32, pageNumber: 28 };
/** Exact line spacing: 28 pt, in twips. */
export const LINE = 560;
/** Two characters of 16 pt body text, in twips; Word also gets `firstLineChars`. */
export const INDENT = { firstLine: 640, firstLineChars: 200 };

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
export const runFont = (eastAsia: string) => ({
  eastAsia,
  ascii: FONTS.latin,
  hAnsi: FONTS.latin,
  cs: FONTS.latin,
  hint: 'eastAsia' as const,
});

/** Heading looks by section level (1–4). */
export const HEADING_LOOK: Record<number, { font: string; bold: boolean }> = {
  1: { font: FONTS.level1, bold: false },
  2: { font: FONTS.level2, bold: false },
  3: { font: FONTS.body, bold: true },
  4: { font: FONTS.body, bold: false },
};
