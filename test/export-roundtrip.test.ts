import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { misfit } from '../client/src/editor/schema-guard.ts';
import { bodyRoot } from '../shared/layout.ts';
import { stripNumber } from '../shared/numbering.ts';
import { type Account, registerAdmin } from './helpers/api.ts';
import { connect, synced } from './helpers/clients.ts';
import { exportFile, importBody, importFile } from './helpers/import.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures/import', name), 'utf8');
const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

let server: TestServer;
let leader: Account;

beforeAll(async () => {
  server = await startServer();
  leader = await registerAdmin(server.url);
});
afterAll(() => server.stop());

/**
 * The input as the import keeps it: junk lines and blank lines gone, lines trimmed, and a short
 * numbered heading sentence that runs into text (`1.坚持…。今年以来…`) on a line of its own.
 */
function normalise(text: string, droppedLines: number[]): string {
  const dropped = new Set(droppedLines);
  const lines = text
    .split(/\r?\n/)
    .filter((_, i) => !dropped.has(i + 1))
    .map((l) => l.trim())
    .filter(Boolean)
    .flatMap((l) => {
      const m = /^((?:\d{1,2}[.．、]|[（(]\d{1,2}[）)])[^。！？：]{1,45}[。！？：])(.+)$/.exec(l);
      return m ? [m[1]!, m[2]!] : [l];
    });
  return `${lines.join('\n')}\n`;
}

const outline = (sections: { level: number; title: string }[]) =>
  sections.map((s) => `${s.level} ${s.title}`);

describe('round trip', () => {
  it.each(['shuzhi.txt', 'annual-summary.txt', 'survey.txt'])(
    '%s → report → txt equals the normalised input',
    async (name) => {
      const input = fixture(name);
      const imported = await importBody(server.url, leader.token, input);
      expect(imported.status).toBe(201);
      const dropped = imported.body.dropped
        .filter((d: { text: string }) => d.text)
        .map((d: { line: number }) => d.line);
      const txt = await exportFile(server.url, leader.token, imported.body.report.id, '?format=txt');
      expect(utf8(txt.bytes)).toBe(normalise(input, dropped));
    },
  );

  it('Markdown → report → md gives the same Markdown back (headings, marks, lists)', async () => {
    const input = fixture('plan.md');
    const imported = await importFile(server.url, leader.token, input, 'plan.md');
    const md = await exportFile(server.url, leader.token, imported.body.report.id, '?format=md');
    expect(utf8(md.bytes)).toBe(input);
  });

  it('text → report → md: # title, ## 一、, #### 1., structural sections without a heading', async () => {
    const imported = await importBody(server.url, leader.token, fixture('annual-summary.txt'));
    const md = utf8(
      (await exportFile(server.url, leader.token, imported.body.report.id, '?format=md')).bytes,
    );
    expect(md.startsWith('# X县农业农村局2025年度工作总结\n\n今年以来')).toBe(true);
    expect(md).toContain('\n\n## 一、主要工作成效\n\n#### 1.粮食生产稳中有增。\n\n全县粮食播种面积');
    expect(md).not.toMatch(/开篇|结语|落款/);
    const again = await importFile(server.url, leader.token, md, 'again.md', '?preview=1');
    // The preview shows the parser's titles; the report keeps them without their numbers.
    const parsed = again.body.sections.map((s: { level: number; title: string }) => ({
      ...s,
      title: stripNumber(s.title, s.level),
    }));
    expect(outline(parsed)).toEqual(outline(imported.body.sections));
  });

  it.each([
    ['shuzhi.txt', 'text/plain'],
    ['survey.txt', 'text/plain'],
    ['annual-summary.txt', 'text/plain'],
    ['plan.md', 'text/markdown'],
  ])('%s → report → .docx → import again: the same outline, text and marks', async (name, type) => {
    const first = await importBody(server.url, leader.token, fixture(name), '', type);
    const docx = await exportFile(server.url, leader.token, first.body.report.id, '?format=docx');
    const second = await importFile(server.url, leader.token, docx.bytes, 'again.docx');
    expect(second.status).toBe(201);
    expect(second.body.report.title).toBe(first.body.report.title);
    expect(outline(second.body.sections)).toEqual(outline(first.body.sections));
    expect(second.body.dropped).toEqual([]);
    expect(second.body.placeholders).toBe(first.body.placeholders);
    const [a, b] = await Promise.all(
      [first, second].map((r) => exportFile(server.url, leader.token, r.body.report.id, '?format=md')),
    );
    expect(utf8(b!.bytes)).toBe(utf8(a!.bytes));
  });

  it('writes bodies the section editor can show: the Tiptap schema, bold/italic marks, lists', async () => {
    const imported = await importBody(server.url, leader.token, fixture('plan.md'), '', 'text/markdown');
    const live = connect(server.wsUrl, imported.body.report.id, leader.token);
    try {
      await synced(live);
      for (const s of imported.body.sections) {
        expect(misfit(live.doc.getXmlFragment(bodyRoot(s.id)))).toBeNull();
      }
      const opening = live.doc.getXmlFragment(bodyRoot(imported.body.sections[0].id));
      const text = (opening.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      expect(text.toDelta()).toEqual([
        { insert: '2026年是“十五五”规划的开局之年。街道将坚持' },
        { insert: '稳中求进', attributes: { bold: {} } },
        { insert: '工作总基调，重点抓好以下工作。' },
      ]);
      const list = live.doc.getXmlFragment(bodyRoot(imported.body.sections[2].id)).get(1) as Y.XmlElement;
      expect(list.nodeName).toBe('bulletList');
      expect(list.toArray().map((item) => (item as Y.XmlElement).nodeName)).toEqual(['listItem', 'listItem']);
    } finally {
      live.destroy();
    }
  });
});
