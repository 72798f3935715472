/**
 * Word's automatic numbering as text. Mammoth drops the numbers Word generates (`w:numPr` →
 * numbering.xml), yet that is how most Chinese Word users get 一、/（一）/1.: without them numbered
 * headings lose their numbers and numbered paragraphs make no sections. Before mammoth reads the
 * file, each paragraph numbered in a section style — a heading style's numbering, or a Chinese
 * format (`chineseCounting`, `ideographTraditional`, `decimalEnclosedFullstop`…, a `（%1）` or `%1、`
 * pattern) — gets its number written in front of its text and its numbering switched off, so the
 * structure rules read `一、主要工作` as typed. Plain `1.`/bullet lists elsewhere stay lists.
 */
import JSZip from 'jszip';
import { chineseNumeral } from '../../shared/numbering.ts';

interface Level {
  fmt: string;
  text: string;
  start: number;
}

const attr = (xml: string, tag: string, name = 'w:val'): string | null =>
  new RegExp(`<${tag}\\b[^>]*?\\s${name}="([^"]*)"`).exec(xml)?.[1] ?? null;

const LEGAL = '零壹贰叁肆伍陆柒捌玖';
const STEMS = '甲乙丙丁戊己庚辛壬癸';
const FULL = '０１２３４５６７８９';

/** The counter `n` in Word's number format `fmt`, as text the structure rules read. */
function formatNumber(fmt: string, n: number): string {
  switch (fmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'ideographDigital':
      return chineseNumeral(n);
    case 'chineseLegalSimplified':
      return n < 10 ? LEGAL[n]! : chineseNumeral(n);
    case 'ideographTraditional':
      return STEMS[(n - 1) % 10]!;
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => FULL[Number(d)]!);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    default:
      return String(n);
  }
}

/** Formats whose look is a 公文 section number, not a list bullet. */
const SECTION_FORMATS =
  /^(?:chineseCounting|chineseCountingThousand|chineseLegalSimplified|taiwaneseCounting|taiwaneseCountingThousand|ideographTraditional|ideographDigital|decimalEnclosedFullstop|decimalEnclosedParen|decimalEnclosedCircle|decimalFullWidth2?)$/;

/** `lvlText` of one level with every `%n` replaced; enclosed formats spelled as 1. / （1）. */
function numberText(levels: Level[], ilvl: number, counters: number[]): string {
  const level = levels[ilvl]!;
  return level.text.replace(/%(\d)/g, (_, d: string) => {
    const at = Number(d) - 1;
    const lv = levels[at];
    const n = counters[at] ?? lv?.start ?? 1;
    if (!lv) return String(n);
    if (lv.fmt === 'decimalEnclosedFullstop') return `${n}.`;
    if (lv.fmt === 'decimalEnclosedParen') return `（${n}）`;
    if (lv.fmt === 'decimalEnclosedCircle') return `（${n}）`;
    return formatNumber(lv.fmt, n);
  });
}

const isSectionLevel = (level: Level): boolean =>
  SECTION_FORMATS.test(level.fmt) || /[（(]%\d[）)]|%\d\s*、/.test(level.text);

interface Numbering {
  levels: Map<string, Level[]>;
  /** numId → abstractNumId. */
  abstract: Map<string, string>;
}

function readNumbering(xml: string): Numbering {
  const levels = new Map<string, Level[]>();
  for (const m of xml.matchAll(
    /<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g,
  )) {
    const list: Level[] = [];
    for (const l of m[2]!.matchAll(/<w:lvl\b[^>]*w:ilvl="(\d)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      list[Number(l[1])] = {
        fmt: attr(l[2]!, 'w:numFmt') ?? 'decimal',
        text: attr(l[2]!, 'w:lvlText') ?? '',
        start: Number(attr(l[2]!, 'w:start') ?? 1),
      };
    }
    levels.set(m[1]!, list);
  }
  const abstract = new Map<string, string>();
  for (const m of xml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const id = attr(m[2]!, 'w:abstractNumId');
    if (id) abstract.set(m[1]!, id);
  }
  return { levels, abstract };
}

interface StyleInfo {
  heading: boolean;
  numId: string | null;
  ilvl: number;
}

/** Paragraph styles: which are headings (Heading n, 标题 n, Title) and which carry numbering. */
function readStyles(xml: string): Map<string, StyleInfo> {
  const out = new Map<string, StyleInfo>();
  for (const m of xml.matchAll(
    /<w:style\b[^>]*w:type="paragraph"[^>]*w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g,
  )) {
    const name = attr(m[2]!, 'w:name') ?? '';
    out.set(m[1]!, {
      heading: /^(?:heading\s*\d|标题\s*\d|title)$/i.test(name) || /^(?:Heading\d|Title)$/.test(m[1]!),
      numId: attr(m[2]!, 'w:numId'),
      ilvl: Number(attr(m[2]!, 'w:ilvl') ?? 0),
    });
  }
  return out;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** document.xml with section numbers written out; unchanged when nothing is numbered that way. */
export function writeNumbers(documentXml: string, numberingXml: string, stylesXml: string): string {
  const numbering = readNumbering(numberingXml);
  const styles = readStyles(stylesXml);
  const counters = new Map<string, number[]>();
  return documentXml.replace(/<w:p\b[^>]*>[\s\S]*?<\/w:p>|<w:p\b[^>]*\/>/g, (p) => {
    const pPr = /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(p)?.[0] ?? '';
    const style = styles.get(attr(pPr, 'w:pStyle') ?? '');
    const numId = attr(pPr, 'w:numId') ?? style?.numId ?? null;
    if (!numId || numId === '0') return p;
    const ilvl = Number(attr(pPr, 'w:ilvl') ?? style?.ilvl ?? 0);
    const abstractId = numbering.abstract.get(numId);
    const levels = abstractId ? numbering.levels.get(abstractId) : undefined;
    const level = levels?.[ilvl];
    if (!levels || !level) return p;
    // Counters are per abstract list, as Word counts them; a level restarts under its parent.
    const count = counters.get(abstractId!) ?? [];
    count[ilvl] = (count[ilvl] ?? level.start - 1) + 1;
    count.length = ilvl + 1;
    counters.set(abstractId!, count);
    if (!(style?.heading || isSectionLevel(level)) || level.fmt === 'bullet' || level.fmt === 'none')
      return p;
    const text = numberText(levels, ilvl, count);
    if (!text.trim()) return p;
    const run = `<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
    // Numbering off for this paragraph (numId 0), so mammoth does not make it a list item too.
    const off = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>';
    const newPPr = pPr
      ? /<w:numPr>[\s\S]*?<\/w:numPr>/.test(pPr)
        ? pPr.replace(/<w:numPr>[\s\S]*?<\/w:numPr>/, off)
        : pPr.replace('</w:pPr>', `${off}</w:pPr>`)
      : '';
    if (pPr) return p.replace(pPr, `${newPPr}${run}`);
    return p.replace(/<w:p\b[^>]*>/, (open) => `${open}<w:pPr>${off}</w:pPr>${run}`);
  });
}

/** The .docx with its section numbers written as text (the same bytes when it has no numbering). */
export async function withWordNumbers(bytes: Uint8Array): Promise<Uint8Array> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return bytes; // mammoth says what is wrong with it
  }
  const numbering = await zip.file('word/numbering.xml')?.async('string');
  const document = await zip.file('word/document.xml')?.async('string');
  if (!numbering || !document) return bytes;
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const written = writeNumbers(document, numbering, styles);
  if (written === document) return bytes;
  zip.file('word/document.xml', written);
  return zip.generateAsync({ type: 'uint8array' });
}
