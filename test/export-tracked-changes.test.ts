/**
 * Pending suggestions (修订) in the .docx export as Word tracked changes (w:del / w:ins), only with
 * `&suggestions=1`: the XML, and LibreOffice reading them back as tracked changes with the
 * suggester as author.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorFor } from './helpers/anchors.ts';
import { type Account, api, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { docxParagraphs, docxPart, exportFile, importBody } from './helpers/import.ts';
import { convert, describeRender } from './helpers/libreoffice.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures/import', name), 'utf8');

let server: TestServer;
let leader: Account;
let reviewer: Account;
let reportId: string;
let plain: Uint8Array;
let tracked: Uint8Array;

beforeAll(async () => {
  server = await startServer();
  leader = await registerAdmin(server.url);
  reviewer = await createUser(server.url, leader, 'shenyue', '审阅人');
  const imported = await importBody(server.url, leader.token, fixture('shuzhi.txt'));
  reportId = imported.body.report.id;
  const sectionId = imported.body.sections[1].id;
  await setRole(server.url, leader, reportId, reviewer.id, 'commenter');
  const doc = server.deps.rooms.get(reportId).doc;
  const suggest = (quote: string, replacement: string, anchored = true) =>
    api(server.url, 'POST', `/api/reports/${reportId}/suggestions`, {
      token: reviewer.token,
      body: { sectionId, anchor: anchored ? anchorFor(doc, sectionId, quote) : null, quote, replacement },
    });
  for (const res of [
    await suggest('坚持集体学习', '坚持集体学习研讨'),
    await suggest('撰写学习体会X篇。', ''),
    await suggest('', '四是坚持学以致用。', false),
  ]) {
    expect(res.status).toBe(201);
  }
  plain = (await exportFile(server.url, leader.token, reportId, '?format=docx')).bytes;
  tracked = (await exportFile(server.url, leader.token, reportId, '?format=docx&suggestions=1')).bytes;
});
afterAll(() => server.stop());

describe('.docx export with suggestions=1', () => {
  it('leaves suggestions out without it: the text as it stands, no tracked changes', async () => {
    const xml = await docxPart(plain, 'word/document.xml');
    expect(xml).not.toMatch(/<w:(ins|del) /);
    expect(docxParagraphs(xml).join('\n')).not.toContain('四是坚持学以致用');
    // Text formats never carry them.
    const txt = await exportFile(server.url, leader.token, reportId, '?format=txt&suggestions=1');
    expect(Buffer.from(txt.bytes).toString('utf8')).not.toMatch(/学习研讨|四是坚持学以致用/);
  });

  it('writes each as w:del / w:ins with the suggester as author and the time it was made', async () => {
    const xml = await docxPart(tracked, 'word/document.xml');
    const changes = [
      ...xml.matchAll(/<w:(ins|del) w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)">([\s\S]*?)<\/w:\1>/g),
    ];
    const summary = changes.map((m) => [
      m[1],
      m[3],
      [...m[5]!.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)</g)].map((t) => t[1]).join(''),
    ]);
    expect(summary).toEqual([
      ['del', '审阅人', '坚持集体学习'],
      ['ins', '审阅人', '坚持集体学习研讨'],
      ['del', '审阅人', '撰写学习体会X篇。'],
      ['ins', '审阅人', '四是坚持学以致用。'],
    ]);
    const ids = changes.map((m) => m[2]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of changes) expect(Math.abs(Date.parse(m[4]!) - Date.now())).toBeLessThan(10 * 60_000);
    // The rest of the paragraph is untouched text around the changes.
    expect(xml).toMatch(/一是<\/w:t>[\s\S]*?<w:del [\s\S]*?<w:t[^>]*>。全年参加/);
  });
});

describeRender('.docx tracked changes read by LibreOffice', () => {
  it('shows them as tracked changes (text:tracked-changes) by 审阅人', { timeout: 90_000 }, async () => {
    const fodt = (await convert(tracked, 'fodt')).toString('utf8');
    const regions = [...fodt.matchAll(/<text:changed-region[\s\S]*?<\/text:changed-region>/g)].map(
      (m) => m[0],
    );
    const kinds = regions.map((r) => /<text:(insertion|deletion)>/.exec(r)?.[1]);
    expect(kinds.filter((k) => k === 'deletion')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'insertion')).toHaveLength(2);
    for (const r of regions) expect(r).toContain('<dc:creator>审阅人</dc:creator>');
    // Each change marks its text in the body (deleted text is kept, so rejecting it in Writer works).
    const marked = regions.map((r) => {
      const id = /text:id="([^"]+)"/.exec(r)![1];
      const body = new RegExp(
        `<text:change-start text:change-id="${id}"/>([\\s\\S]*?)<text:change-end text:change-id="${id}"/>`,
      ).exec(fodt);
      return [/<text:(insertion|deletion)>/.exec(r)![1], body![1]!.replace(/<[^>]+>/g, '')];
    });
    expect(marked).toEqual([
      ['deletion', '坚持集体学习'],
      ['insertion', '坚持集体学习研讨'],
      ['deletion', '撰写学习体会X篇。'],
      ['insertion', '四是坚持学以致用。'],
    ]);
  });
});
