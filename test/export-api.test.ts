import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorFor } from './helpers/anchors.ts';
import { type Account, api, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { connect, synced } from './helpers/clients.ts';
import { docxParagraphs, docxPart, exportFile, importBody } from './helpers/import.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures/import', name), 'utf8');
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

let server: TestServer;
let leader: Account;
let viewer: Account;
let outsider: Account;
let reportId: string;
let sectionId: string;

beforeAll(async () => {
  server = await startServer();
  leader = await registerAdmin(server.url);
  viewer = await createUser(server.url, leader, 'duzhe', '读者');
  outsider = await createUser(server.url, leader, 'waibu', '外部人员');
  const imported = await importBody(server.url, leader.token, fixture('shuzhi.txt'));
  reportId = imported.body.report.id;
  sectionId = imported.body.sections[1].id;
  await setRole(server.url, leader, reportId, viewer.id, 'viewer');
});
afterAll(() => server.stop());

describe('GET /api/reports/:id/export', () => {
  it('serves every format to members, with content type and a UTF-8 file name', async () => {
    for (const [format, type] of [
      ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['md', 'text/markdown; charset=utf-8'],
      ['txt', 'text/plain; charset=utf-8'],
    ]) {
      const res = await exportFile(server.url, viewer.token, reportId, `?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      const disposition = res.headers.get('content-disposition')!;
      expect(disposition).toMatch(
        new RegExp(`^attachment; filename="report\\.${format}"; filename\\*=UTF-8''`),
      );
      expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(
        `区政协主席2025年度述职述廉述学报告.${format}`,
      );
    }
  });

  it('exports a draft with placeholders left, saying how many (X-Placeholders)', async () => {
    const progress = await api(server.url, 'GET', `/api/reports/${reportId}/progress`, {
      token: viewer.token,
    });
    const left = progress.body.totals.placeholders;
    expect(left).toBeGreaterThan(0);
    const res = await exportFile(server.url, viewer.token, reportId, '?format=docx');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-placeholders')).toBe(String(left));
  });

  it('keeps the file name safe: no path separators or quotes', async () => {
    const odd = await importBody(
      server.url,
      leader.token,
      '标题\n内容。',
      `?title=${encodeURIComponent('上/下"半年(总结)')}`,
    );
    const res = await exportFile(server.url, leader.token, odd.body.report.id, '?format=txt');
    const encoded = res.headers.get('content-disposition')!.split("UTF-8''")[1]!;
    expect(encoded).toMatch(/^[A-Za-z0-9%._~!$&+^`|-]+$/);
    expect(decodeURIComponent(encoded)).toBe('上_下_半年(总结).txt');
  });

  it('is for members only: 404 for others and unknown reports, 401 signed out, 400 on a bad format', async () => {
    expect((await exportFile(server.url, outsider.token, reportId, '?format=docx')).status).toBe(404);
    expect((await exportFile(server.url, leader.token, 'no-such-report', '?format=docx')).status).toBe(404);
    expect((await exportFile(server.url, undefined, reportId, '?format=txt')).status).toBe(401);
    for (const query of ['?format=pdf', '', '?format=DOCX']) {
      const res = await exportFile(server.url, viewer.token, reportId, query);
      expect(res.status).toBe(400);
      expect(JSON.parse(text(res.bytes)).error.code).toBe('bad_request');
    }
  });

  it('adds comments as a list at the end only with comments=1', async () => {
    const live = connect(server.wsUrl, reportId, leader.token);
    await synced(live);
    const anchor = anchorFor(live.doc, sectionId, '坚持集体学习');
    live.destroy();
    const posted = await api(server.url, 'POST', `/api/reports/${reportId}/comments`, {
      token: leader.token,
      body: { sectionId, anchor, quote: '坚持集体学习', body: '请补充学习次数的具体数字' },
    });
    expect(posted.status).toBe(201);
    await api(server.url, 'POST', `/api/reports/${reportId}/comments/${posted.body.comment.id}/replies`, {
      token: leader.token,
      body: { body: '已核实为12次' },
    });

    for (const format of ['txt', 'md']) {
      const plain = text((await exportFile(server.url, viewer.token, reportId, `?format=${format}`)).bytes);
      expect(plain).not.toMatch(/批注|请补充学习次数/);
      const withComments = text(
        (await exportFile(server.url, viewer.token, reportId, `?format=${format}&comments=1`)).bytes,
      );
      expect(withComments).toContain('批注');
      expect(withComments).toContain(
        '〔一、加强学习，提高政治站位〕“坚持集体学习” 王娟：请补充学习次数的具体数字',
      );
      expect(withComments).toContain('回复 王娟：已核实为12次');
      expect(withComments.indexOf('批注')).toBeGreaterThan(withComments.indexOf('2025年12月28日'));
    }

    // .docx: real Word 批注 anchored on the quoted text, the reply threaded under it.
    const plainDocx = (await exportFile(server.url, viewer.token, reportId, '?format=docx')).bytes;
    expect(await docxPart(plainDocx, 'word/document.xml')).not.toContain('commentRangeStart');
    await expect(docxPart(plainDocx, 'word/comments.xml')).rejects.toThrow(/missing/);
    const docx = (await exportFile(server.url, viewer.token, reportId, '?format=docx&comments=1')).bytes;
    const body = await docxPart(docx, 'word/document.xml');
    expect(docxParagraphs(body)).not.toContain('批注');
    const anchored = /<w:commentRangeStart w:id="0"\/>([\s\S]*?)<w:commentRangeEnd w:id="0"\/>/.exec(body);
    expect(docxParagraphs(`<w:p>${anchored![1]}</w:p>`)).toEqual(['坚持集体学习']);
    expect(body).toMatch(/<w:commentReference w:id="0"\/>/);
    expect(body).toMatch(/<w:commentReference w:id="1"\/>/);
    const comments = await docxPart(docx, 'word/comments.xml');
    expect(comments).toMatch(/<w:comment [^>]*w:id="0"[^>]*w:author="王娟"[\s\S]*请补充学习次数的具体数字/);
    expect(comments).toMatch(/<w:comment [^>]*w:id="1"[^>]*w:author="王娟"[\s\S]*已核实为12次/);
    expect(await docxPart(docx, 'word/commentsExtended.xml')).toContain('w15:paraIdParent');
  });
});
