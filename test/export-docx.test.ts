import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, registerAdmin } from './helpers/api.ts';
import { docxParagraphs, docxPart, exportFile, importBody } from './helpers/import.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures/import', name), 'utf8');

let server: TestServer;
let leader: Account;
let docx: Uint8Array;
let txt: string;
let documentXml: string;

beforeAll(async () => {
  server = await startServer();
  leader = await registerAdmin(server.url);
  const imported = await importBody(server.url, leader.token, fixture('survey.txt'));
  const id = imported.body.report.id;
  docx = (await exportFile(server.url, leader.token, id, '?format=docx')).bytes;
  txt = Buffer.from((await exportFile(server.url, leader.token, id, '?format=txt')).bytes).toString('utf8');
  documentXml = await docxPart(docx, 'word/document.xml');
});
afterAll(() => server.stop());

/** The XML of the paragraph whose text is `text`. */
function paragraphXml(text: string): string {
  const found = [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].find(
    (p) => docxParagraphs(p[0])[0] === text,
  );
  if (!found) throw new Error(`no paragraph ${text}`);
  return found[0];
}

const attr = (xml: string, element: string, name: string) =>
  new RegExp(`<w:${element}\\b[^>]*\\bw:${name}="([^"]*)"`).exec(xml)?.[1];

describe('.docx export in the GB/T 9704-2012 style', () => {
  it('holds the text in reading order: title, headings, paragraphs, signature', () => {
    expect(docxParagraphs(documentXml)).toEqual(txt.trimEnd().split('\n'));
  });

  it('is A4 with margins 37/35/28/26 mm and page numbers — n — at the bottom', async () => {
    expect(attr(documentXml, 'pgSz', 'w')).toBe('11906');
    expect(attr(documentXml, 'pgSz', 'h')).toBe('16838');
    const margins = ['top', 'bottom', 'left', 'right'].map((side) =>
      Number(attr(documentXml, 'pgMar', side)),
    );
    expect(margins.map((twips) => Math.round(twips / 56.6929))).toEqual([37, 35, 28, 26]);
    const footers = (await docxPart(docx, '[Content_Types].xml')).match(/\/word\/footer\d+\.xml/g) ?? [];
    expect(footers).toHaveLength(2);
    for (const part of footers) {
      const footer = await docxPart(docx, part.slice(1));
      expect(footer).toMatch(/— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t[^>]*> —/);
      expect(footer).toContain('w:eastAsia="宋体"');
      expect(attr(footer, 'sz', 'val')).toBe('28');
    }
    expect(await docxPart(docx, 'word/settings.xml')).toContain('<w:evenAndOddHeaders');
  });

  it('sets the title in 22 pt 方正小标宋简体, centred', () => {
    const title = paragraphXml('关于我区社区养老服务情况的调研报告');
    expect(attr(title, 'pStyle', 'val')).toBe('Title');
    expect(attr(title, 'jc', 'val')).toBe('center');
    expect(attr(title, 'rFonts', 'eastAsia')).toBe('方正小标宋简体');
    expect(attr(title, 'sz', 'val')).toBe('44');
  });

  it.each([
    ['一、基本情况', 'Heading1', '黑体', false],
    ['（一）老年人口情况', 'Heading2', '楷体_GB2312', false],
    ['1.社区养老服务中心。', 'Heading3', '仿宋_GB2312', true],
    ['（1）中央厨房模式。', 'Heading4', '仿宋_GB2312', false],
    ['由专业企业集中制作、统一配送。', undefined, '仿宋_GB2312', false],
  ])(
    '%s: style %s, %s, bold %s, 16 pt condensed to the grid, exact 28.95 pt lines, two-character indent',
    (text, style, font, bold) => {
      const xml = paragraphXml(text);
      expect(attr(xml, 'pStyle', 'val')).toBe(style);
      expect(attr(xml, 'rFonts', 'eastAsia')).toBe(font);
      expect(attr(xml, 'rFonts', 'ascii')).toBe('Times New Roman');
      expect(attr(xml, 'sz', 'val')).toBe('32');
      expect(/<w:b\/>|<w:b w:val="(?:true|1|on)"\/>/.test(xml)).toBe(bold);
      expect(attr(xml, 'spacing', 'line')).toBe('579');
      expect(attr(xml, 'spacing', 'lineRule')).toBe('exact');
      expect(xml).toContain('<w:spacing w:val="-5"/>');
      expect(attr(xml, 'ind', 'firstLineChars')).toBe('200');
      expect(attr(xml, 'ind', 'firstLine')).toBe('630');
      // A heading stays on the page of the paragraph after it; body text may break.
      expect(xml.includes('<w:keepNext/>')).toBe(style !== undefined);
    },
  );

  it('lays out 22 lines a page (w:docGrid) and does not stretch lines ended by a soft break', async () => {
    expect(documentXml).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"\/>/);
    expect(await docxPart(docx, 'word/settings.xml')).toMatch(/<w:compat>.*<w:doNotExpandShiftReturn\/>/s);
    expect(paragraphXml('关于我区社区养老服务情况的调研报告')).toContain('<w:snapToGrid w:val="0"/>');
  });

  it('prints page-number digits in 宋体 too (4号半角宋体, GB/T 9704 §7.5)', async () => {
    const footer = await docxPart(docx, 'word/footer1.xml');
    expect(attr(footer, 'rFonts', 'ascii')).toBe('宋体');
    expect(attr(footer, 'rFonts', 'hAnsi')).toBe('宋体');
  });

  it('sets the 落款 right-aligned after a blank line: the date four characters in, the signer centred over it', () => {
    const signer = paragraphXml('区政协社会法制委员会');
    const date = paragraphXml('2025年11月');
    for (const xml of [signer, date]) {
      expect(attr(xml, 'jc', 'val')).toBe('right');
      expect(attr(xml, 'ind', 'firstLine')).toBeUndefined();
    }
    expect(attr(signer, 'spacing', 'before')).toBe('579');
    expect(attr(date, 'spacing', 'before')).toBe('0');
    expect(attr(date, 'ind', 'right')).toBe(String(4 * 315));
    // 2025年11月: 5 characters and three Latin/CJK gaps (5.75); the signer has 10: 4 + (5.75 − 10) / 2.
    expect(attr(signer, 'ind', 'right')).toBe(String(Math.round((4 + (5.75 - 10) / 2) * 315)));
    expect(signer).toContain('<w:keepNext/>');
  });

  it('prints no heading for 开篇 and 落款, and names fallbacks for the official fonts', async () => {
    expect(documentXml).not.toMatch(/开篇|落款/);
    const fonts = await docxPart(docx, 'word/fontTable.xml');
    for (const [font, fallback] of [
      ['方正小标宋简体', '宋体'],
      ['仿宋_GB2312', '仿宋'],
      ['楷体_GB2312', '楷体'],
    ]) {
      expect(fonts).toMatch(
        new RegExp(`<w:font w:name="${font}"><w:altName w:val="${fallback}"/><w:charset w:val="86"/>`),
      );
    }
    const styles = await docxPart(docx, 'word/styles.xml');
    const heading1 = /<w:style [^>]*w:styleId="Heading1"[\s\S]*?<\/w:style>/.exec(styles)![0];
    expect(heading1).toContain('w:eastAsia="黑体"');
  });
});

describe('.docx export: salutation and lists', () => {
  let xml: string;
  let numbering: string;
  beforeAll(async () => {
    const md = [
      '# 2025年上半年工作总结',
      '各位领导、同志们：',
      '上半年，我局围绕中心工作，完成各项任务X项。',
      '## 一、主要工作',
      '1. 完成年度预算编制。',
      '2. 开展专项督查X次。',
    ].join('\n\n');
    const imported = await importBody(server.url, leader.token, md, '?format=md');
    const bytes = (await exportFile(server.url, leader.token, imported.body.report.id, '?format=docx')).bytes;
    xml = await docxPart(bytes, 'word/document.xml');
    numbering = await docxPart(bytes, 'word/numbering.xml');
  });

  const paragraph = (text: string) =>
    [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].find((p) => docxParagraphs(p[0])[0] === text)![0];

  it('sets the salutation flush left (GB/T 9704 §7.3.2), the next paragraph indented', () => {
    const salutation = paragraph('各位领导、同志们：');
    expect(attr(salutation, 'jc', 'val')).toBe('left');
    expect(attr(salutation, 'ind', 'firstLine')).toBeUndefined();
    expect(attr(paragraph('上半年，我局围绕中心工作，完成各项任务X项。'), 'ind', 'firstLine')).toBe('630');
  });

  it('numbers list items `1.` with nothing between the number and the text (no tab gap)', () => {
    const ordered = /<w:abstractNum [\s\S]*?<\/w:abstractNum>/.exec(
      numbering.slice(numbering.indexOf('%1.') - 600),
    )![0];
    expect(ordered).toContain('<w:lvlText w:val="%1."/>');
    expect(ordered).toContain('<w:suff w:val="nothing"/>');
    expect(paragraph('完成年度预算编制。')).toMatch(/<w:numPr>/);
  });
});
