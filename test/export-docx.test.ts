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
    '%s: style %s, %s, bold %s, 16 pt, exact 28 pt lines, two-character indent',
    (text, style, font, bold) => {
      const xml = paragraphXml(text);
      expect(attr(xml, 'pStyle', 'val')).toBe(style);
      expect(attr(xml, 'rFonts', 'eastAsia')).toBe(font);
      expect(attr(xml, 'rFonts', 'ascii')).toBe('Times New Roman');
      expect(attr(xml, 'sz', 'val')).toBe('32');
      expect(/<w:b\/>|<w:b w:val="(?:true|1|on)"\/>/.test(xml)).toBe(bold);
      expect(attr(xml, 'spacing', 'line')).toBe('560');
      expect(attr(xml, 'spacing', 'lineRule')).toBe('exact');
      expect(attr(xml, 'ind', 'firstLineChars')).toBe('200');
      expect(attr(xml, 'ind', 'firstLine')).toBe('640');
    },
  );

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
