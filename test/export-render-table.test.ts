/**
 * A table of the .docx export as LibreOffice prints it: export → `soffice --convert-to pdf` → word
 * boxes (poppler). The table fills the type area in equal columns, each cell's text in its column
 * and rows in order; header cells centred in their column; body cells start at the cell's edge
 * (no first-line indent of two characters).
 */
import { updateYFragment } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bodyRoot } from '../shared/layout.ts';
import { sectionSchema } from '../shared/section-schema.ts';
import { addSection, createReport, registerAdmin } from './helpers/api.ts';
import { connect, synced, until } from './helpers/clients.ts';
import { exportFile } from './helpers/import.ts';
import { convert, describeRender, type PdfWord, readPdf } from './helpers/libreoffice.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const MM = 72 / 25.4;
const LEFT = 28 * MM;
const WIDTH = 156 * MM;
const COLUMN = WIDTH / 3;

const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const row = (type: string, ...texts: string[]) => ({
  type: 'tableRow',
  content: texts.map((t) => ({ type, content: [p(t)] })),
});
const BODY = {
  type: 'doc',
  content: [
    p('主要指标完成情况如下。'),
    {
      type: 'table',
      content: [
        row('tableHeader', '指标', '目标', '完成'),
        row('tableCell', '馆藏数字化', '十万卷', '十二万卷'),
        row('tableCell', '接待查档', '五千人次', '六千人次'),
      ],
    },
  ],
};

let server: TestServer;
let words: PdfWord[];
const word = (text: string) => {
  const w = words.find((x) => x.text === text);
  if (!w) throw new Error(`no word ${text}: ${words.map((x) => x.text).join(' ')}`);
  return w;
};

describeRender('.docx export of a table rendered by LibreOffice', () => {
  beforeAll(async () => {
    server = await startServer();
    const leader = await registerAdmin(server.url);
    const reportId = await createReport(server.url, leader, '市档案馆2025年工作总结');
    const section = await addSection(server.url, leader, reportId, '一、主要工作');
    const client = connect(server.wsUrl, reportId, leader.token);
    await synced(client);
    const fragment = client.doc.getXmlFragment(bodyRoot(section.id));
    client.doc.transact(() =>
      updateYFragment(client.doc, fragment, sectionSchema().nodeFromJSON(BODY), {
        mapping: new Map(),
        isOMark: new Map(),
      }),
    );
    const serverBody = () => server.deps.rooms.get(reportId).doc.getXmlFragment(bodyRoot(section.id));
    await until(() => serverBody().length === 2, 'the table on the server');
    client.destroy();
    const docx = (await exportFile(server.url, leader.token, reportId, '?format=docx')).bytes;
    words = (await readPdf(await convert(docx, 'pdf'))).words;
  }, 200_000);
  afterAll(() => server?.stop());

  it('puts each cell’s text in its column, rows in order', () => {
    const rows = [
      ['指标', '目标', '完成'],
      ['馆藏数字化', '十万卷', '十二万卷'],
      ['接待查档', '五千人次', '六千人次'],
    ];
    for (const [r, texts] of rows.entries())
      for (const [c, text] of texts.entries()) {
        const w = word(text);
        expect(w.xMin).toBeGreaterThan(LEFT + c * COLUMN);
        expect(w.xMax).toBeLessThan(LEFT + (c + 1) * COLUMN);
        if (r > 0) expect(w.yMin).toBeGreaterThan(word(rows[r - 1]![c]!).yMin + 20);
        if (c > 0) expect(Math.abs(w.yMin - word(texts[0]!).yMin)).toBeLessThan(2);
      }
    // Under the paragraph before it.
    expect(word('指标').yMin).toBeGreaterThan(word('主要指标完成情况如下。').yMin);
  });

  it('centres header cells and starts body cells at the cell’s edge', () => {
    for (const [c, text] of ['指标', '目标', '完成'].entries()) {
      const w = word(text);
      expect(Math.abs((w.xMin + w.xMax) / 2 - (LEFT + (c + 0.5) * COLUMN))).toBeLessThan(4);
    }
    for (const [c, text] of ['馆藏数字化', '十万卷', '十二万卷'].entries()) {
      // The cell margin (5.4 pt) and the rule; a first-line indent would add 31.5 pt.
      expect(word(text).xMin - (LEFT + c * COLUMN)).toBeLessThan(12);
    }
  });
});
