/**
 * The .docx export as LibreOffice prints it (docs/import-export.md): export → `soffice --convert-to
 * pdf` → word boxes and fonts from poppler. Checks the GB/T 9704 page: 22 lines of 28 characters,
 * the salutation flush left, no stretched line before a soft break, page numbers right/left, the
 * 落款 in the right half of the last page with the date four characters in and the signer centred
 * over it, and CJK fonts embedded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot } from '../shared/layout.ts';
import { type Account, registerAdmin } from './helpers/api.ts';
import { connect, synced, until } from './helpers/clients.ts';
import { exportFile, importBody } from './helpers/import.ts';
import { convert, describeRender, type PdfLayout, type PdfWord, readPdf } from './helpers/libreoffice.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures/import', name), 'utf8');

const MM = 72 / 25.4;
const LEFT = 28 * MM;
const RIGHT = 26 * MM;
const CHAR = 15.75; // a condensed 16 pt character
const PITCH = 28.95; // 579 twips

/** Printed width in characters: CJK one, Latin half. */
const width = (text: string) => [...text].reduce((n, ch) => n + (/[ -\u00ff]/.test(ch) ? 0.5 : 1), 0);

interface Line {
  page: number;
  y: number;
  xMin: number;
  xMax: number;
  text: string;
}

/** Words grouped into lines (same page, same top within 2 pt), top to bottom. */
function lines(words: PdfWord[]): Line[] {
  const out: Line[] = [];
  for (const w of [...words].sort((a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin)) {
    const line = out.find((l) => l.page === w.page && Math.abs(l.y - w.yMin) < 2);
    if (line) {
      line.text += w.text;
      line.xMin = Math.min(line.xMin, w.xMin);
      line.xMax = Math.max(line.xMax, w.xMax);
    } else out.push({ page: w.page, y: w.yMin, xMin: w.xMin, xMax: w.xMax, text: w.text });
  }
  return out;
}

let server: TestServer;
let leader: Account;
let pdf: PdfLayout;
let all: Line[];
const find = (text: string) => {
  const line = all.find((l) => l.text.includes(text));
  if (!line) throw new Error(`no line with ${text}: ${all.map((l) => l.text).join(' | ')}`);
  return line;
};

describeRender('.docx export rendered by LibreOffice', () => {
  beforeAll(async () => {
    server = await startServer();
    leader = await registerAdmin(server.url);
    const imported = await importBody(server.url, leader.token, fixture('shuzhi.txt'));
    const reportId = imported.body.report.id;
    const sectionId = imported.body.sections.find((s: { title: string }) => s.title.includes('严于律己')).id;
    // A paragraph with a soft line break (Shift+Enter in the editor) after a short first line.
    const client = connect(server.wsUrl, reportId, leader.token);
    await synced(client);
    // Then 30 one-line paragraphs, so that page 2 is filled with lines no paragraph keeps together.
    client.doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [
        new Y.XmlText('廉政承诺如下：'),
        new Y.XmlElement('hardBreak'),
        new Y.XmlText('坚决守住底线。'),
      ]);
      const short = Array.from({ length: 30 }, (_, i) => {
        const line = new Y.XmlElement('paragraph');
        line.insert(0, [new Y.XmlText(`第${i + 1}项承诺已落实到位。`)]);
        return line;
      });
      client.doc.getXmlFragment(bodyRoot(sectionId)).push([p, ...short]);
    });
    await until(() => !client.provider.wsconnected || client.provider.synced, 'sent');
    await new Promise((r) => setTimeout(r, 300));
    client.destroy();
    const docx = (await exportFile(server.url, leader.token, reportId, '?format=docx')).bytes;
    expect(Buffer.from(docx).includes('坚决守住底线')).toBe(false); // compressed: checked in the PDF
    pdf = await readPdf(await convert(docx, 'pdf'));
    all = lines(pdf.words);
  }, 200_000);
  afterAll(() => server?.stop());

  it('prints 22 lines a page and 28 characters a full line', () => {
    const text = (page: number) => all.filter((l) => l.page === page && !/^—/.test(l.text));
    // A full page: 22 lines one grid pitch apart, from the top margin down.
    const second = text(2);
    expect(second.map((l) => Math.round((l.y - second[0]!.y) / PITCH))).toEqual([...Array(22).keys()]);
    // Page 1: the title, one blank line (GB/T 9704 §7.3.2), then the text on the same grid.
    const first = text(1);
    expect(Math.round((first[1]!.y - first[0]!.y) / PITCH)).toBe(2);
    const widths = all.filter((l) => !/^—/.test(l.text) && l !== first[0]).map((l) => width(l.text));
    expect(Math.max(...widths)).toBeLessThanOrEqual(28);
    expect(widths.filter((w) => w === 28).length).toBeGreaterThan(3);
    expect(pdf.pages).toHaveLength(4);
  });

  it('sets the salutation flush left and body paragraphs two characters in', () => {
    expect(find('各位委员、同志们：').xMin).toBeCloseTo(LEFT, 0);
    expect(find('一是坚持集体学习').xMin - LEFT).toBeCloseTo(2 * CHAR, -1);
  });

  it('does not stretch the line before a soft line break', () => {
    const line = find('廉政承诺如下：');
    expect(width(line.text)).toBe(7);
    expect(line.xMax).toBeLessThan(LEFT + 12 * CHAR);
    expect(find('坚决守住底线。').y - line.y).toBeCloseTo(PITCH, -1);
  });

  it('puts the page number right on odd pages and left on even ones', () => {
    const numbers = all.filter((l) => /^—\d+—$/.test(l.text));
    expect(numbers.map((l) => l.text)).toEqual(['—1—', '—2—', '—3—', '—4—']);
    for (const n of numbers) {
      const middle = pdf.pages[n.page - 1]!.width / 2;
      if (n.page % 2) expect(n.xMin).toBeGreaterThan(middle);
      else expect(n.xMax).toBeLessThan(middle);
    }
  });

  it('sets the 落款 in the right half of the last page: date four characters in, signer over it', () => {
    const page = pdf.pages.length;
    const pageWidth = pdf.pages[page - 1]!.width;
    const signer = find('张某某');
    const date = find('2025年12月28日');
    expect([signer.page, date.page]).toEqual([page, page]);
    expect(date.xMin).toBeGreaterThan(pageWidth / 2);
    // A long signer (title and name, 14½ characters here) reaches left of the middle; its centre does not.
    expect((signer.xMin + signer.xMax) / 2).toBeGreaterThan(pageWidth / 2);
    expect(signer.xMax).toBeLessThanOrEqual(pageWidth - RIGHT + 1);
    expect(pageWidth - RIGHT - date.xMax).toBeCloseTo(4 * CHAR, -1);
    expect((signer.xMin + signer.xMax) / 2).toBeCloseTo((date.xMin + date.xMax) / 2, -1);
    expect(date.y - signer.y).toBeCloseTo(PITCH, -1);
    // One blank line between the text and the signature.
    expect(signer.y - find('谢谢大家！').y).toBeCloseTo(2 * PITCH, -1);
  });

  it('embeds CJK fonts, and every font it uses', () => {
    expect(pdf.fonts.length).toBeGreaterThan(0);
    expect(pdf.fonts.every((f) => f.embedded)).toBe(true);
    expect(pdf.fonts.some((f) => /CJK|Song|Hei|Kai|Fang|Ming|Sim/i.test(f.name))).toBe(true);
  });
});
