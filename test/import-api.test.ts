import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, api, createUser, registerAdmin } from './helpers/api.ts';
import { bodyText, connect, synced } from './helpers/clients.ts';
import { importBody, importFile, postEarly, wordReport } from './helpers/import.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures/import', name), 'utf8');

let server: TestServer;
let admin: Account;
let writer: Account;

beforeAll(async () => {
  server = await startServer();
  admin = await registerAdmin(server.url);
  writer = await createUser(server.url, admin, 'lisi', '李四');
});
afterAll(() => server.stop());

const reportCount = async (who: Account) =>
  (await api(server.url, 'GET', '/api/reports', { token: who.token })).body.reports.length;

describe('POST /api/reports/import', () => {
  it('creates a structured report from pasted text, with the caller as leader, and says what it dropped', async () => {
    const res = await importBody(server.url, writer.token, fixture('annual-summary.txt'));
    expect(res.status).toBe(201);
    const { report, sections, dropped, placeholders } = res.body;
    expect(report).toMatchObject({
      title: 'X县农业农村局2025年度工作总结',
      role: 'leader',
      createdBy: writer.id,
    });
    expect(sections.map((s: { level: number; title: string }) => `${s.level} ${s.title}`)).toEqual([
      '1 开篇',
      // Imported numbers become structure: titles without them (shared/numbering.ts).
      '1 主要工作成效',
      '3 粮食生产稳中有增。',
      '3 特色产业提质增效。',
      '3 农村改革持续深化。',
      '3 党建工作扎实开展。',
      '1 存在的主要问题',
      '1 2026年工作打算',
      '1 结语',
      '1 落款',
    ]);
    expect(sections[2]).toMatchObject({ status: 'todo', assignees: [], placeholders: 3, chars: 31 });
    expect(placeholders).toBe(21);
    expect(dropped.map((d: { rule: string }) => d.rule)).toEqual([
      'study-only',
      'member',
      'bracketed-notice',
      'contact',
      'blank-lines',
      'separator',
      'bracketed-notice',
      'contact',
    ]);

    // The report is there, readable and live like any other.
    const full = await api(server.url, 'GET', `/api/reports/${report.id}`, { token: writer.token });
    expect(full.body.sections.map((s: { id: string }) => s.id)).toEqual(
      sections.map((s: { id: string }) => s.id),
    );
    const progress = await api(server.url, 'GET', `/api/reports/${report.id}/progress`, {
      token: writer.token,
    });
    expect(progress.body.totals.placeholders).toBe(21);
    const live = connect(server.wsUrl, report.id, writer.token);
    try {
      await synced(live);
      expect(bodyText(live.doc, sections[2].id)).toBe(
        '全县粮食播种面积稳定在X万亩，总产量X万吨，连续X年保持增长。',
      );
      expect(bodyText(live.doc, sections[9].id)).toBe('X县农业农村局\n20XX年X月X日');
    } finally {
      live.destroy();
    }
  });

  it('previews without creating anything', async () => {
    const before = await reportCount(admin);
    const res = await importBody(server.url, admin.token, fixture('survey.txt'), '?preview=1');
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('关于我区社区养老服务情况的调研报告');
    expect(res.body.sections[6]).toMatchObject({
      title: '（1）中央厨房模式。',
      level: 4,
      kind: 'part',
      paragraphs: ['由专业企业集中制作、统一配送。'],
      placeholders: 0,
    });
    expect(res.body.source).toEqual({ format: 'text', encoding: 'utf-8' });
    expect(await reportCount(admin)).toBe(before);
  });

  it('reads .txt, .md and .docx files; ?title= names the report', async () => {
    const md = await importFile(
      server.url,
      admin.token,
      fixture('plan.md'),
      '要点.md',
      '?title=2026年工作要点（草稿）',
    );
    expect(md.status).toBe(201);
    expect(md.body.report.title).toBe('2026年工作要点（草稿）');
    expect(md.body.source.format).toBe('markdown');
    expect(md.body.sections).toHaveLength(6);

    const txt = await importFile(server.url, admin.token, fixture('shuzhi.txt'), 'shuzhi.txt', '?preview=1');
    expect(txt.body.sections.map((s: { title: string }) => s.title)).toContain('三、严于律己，落实廉政责任');

    const docx = await importFile(server.url, admin.token, await wordReport(), '述职报告.docx');
    expect(docx.status).toBe(201);
    expect(docx.body.report.title).toBe('市档案馆馆长2025年述职报告');
    expect(docx.body.source).toEqual({ format: 'docx', encoding: null });
  });

  it('detects GB18030, UTF-8 with BOM and UTF-16 text', async () => {
    const text = fixture('survey.txt');
    const outline = (body: { sections: { title: string }[] }) => body.sections.map((s) => s.title);
    const expected = outline((await importBody(server.url, admin.token, text, '?preview=1')).body);
    const gb = await importFile(
      server.url,
      admin.token,
      iconv.encode(text, 'gb18030'),
      'gbk.txt',
      '?preview=1',
    );
    expect(gb.body.source.encoding).toBe('gb18030');
    expect(outline(gb.body)).toEqual(expected);
    const bom = await importBody(
      server.url,
      admin.token,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      '?preview=1',
      'text/plain',
    );
    expect(bom.body.title).toBe('关于我区社区养老服务情况的调研报告');
    const utf16 = await importFile(
      server.url,
      admin.token,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'u.txt',
      '?preview=1',
    );
    expect(utf16.body.source.encoding).toBe('utf-16le');
    expect(outline(utf16.body)).toEqual(expected);
  });

  it("drops a site's front and back matter; ?keep= restores chosen lines into the report", async () => {
    const text = [
      '第一范文网',
      '首页 > 工作总结 > 年度总结',
      'X镇2025年上半年工作总结',
      '今年以来，我镇坚持稳中求进工作总基调，各项工作取得新进展。',
      '一、主要工作',
      '完成固定资产投资X亿元。',
      'X镇人民政府',
      '2025年7月X日',
      '相关推荐',
      '上半年工作总结范文（通用5篇）',
    ].join('\n');
    const preview = await importBody(server.url, admin.token, text, '?preview=1');
    expect(preview.body.title).toBe('X镇2025年上半年工作总结');
    expect(preview.body.dropped.map((d: { line: number; rule: string }) => `${d.line} ${d.rule}`)).toEqual([
      '1 front-matter',
      '2 front-matter',
      '9 footer-marker',
      '10 back-matter',
    ]);
    const res = await importBody(server.url, admin.token, text, '?keep=1,10');
    expect(res.status).toBe(201);
    expect(res.body.dropped.map((d: { line: number }) => d.line)).toEqual([2, 9]);
    const live = connect(server.wsUrl, res.body.report.id, admin.token);
    try {
      await synced(live);
      const all = res.body.sections.map((s: { id: string }) => bodyText(live.doc, s.id)).join('\n');
      expect(all).toContain('第一范文网');
      expect(all).toContain('上半年工作总结范文（通用5篇）');
      expect(all).not.toContain('首页 > 工作总结');
    } finally {
      live.destroy();
    }
    expect((await importBody(server.url, admin.token, text, '?keep=1,x')).status).toBe(400);
    expect((await importBody(server.url, admin.token, text, '?keep=0')).status).toBe(400);
  });

  it('takes uploads beyond the 256 KiB JSON limit, which still holds for other calls', async () => {
    const paragraph = '全年组织开展各类活动X次，参与群众X人次，取得了良好的社会效果。';
    const big = `大型报告\n一、工作\n${`${paragraph}\n`.repeat(4000)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(300 * 1024);
    const res = await importBody(server.url, admin.token, big);
    expect(res.status).toBe(201);
    expect(res.body.placeholders).toBe(8000);
    const json = await postEarly(
      `${server.url}/api/reports`,
      admin.token,
      JSON.stringify({ title: big }),
      'application/json',
    );
    expect(json.status).toBe(413);
  });

  it('refuses: 401 signed out, 400 empty, junk only, unknown type, broken .docx, long title; 413 oversize', async () => {
    expect((await importBody(server.url, undefined, fixture('shuzhi.txt'))).status).toBe(401);
    const empty = await importBody(server.url, admin.token, '');
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    expect((await importBody(server.url, admin.token, '\n　　\n\n')).status).toBe(400);
    expect((await importBody(server.url, admin.token, '仅供学习 禁止外传\n会员群：\n')).status).toBe(400);
    expect((await importFile(server.url, admin.token, 'x', 'report.pdf')).status).toBe(400);
    expect((await importBody(server.url, admin.token, 'x', '?format=pdf')).status).toBe(400);
    expect((await importFile(server.url, admin.token, 'PK not a zip at all', 'broken.docx')).status).toBe(
      400,
    );
    expect(
      (await importBody(server.url, admin.token, '标题\n内容。', `?title=${'长'.repeat(201)}`)).status,
    ).toBe(400);
    const huge = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41);
    const form = new FormData();
    form.append('file', new Blob([huge]), 'huge.txt');
    const tooBig = await postEarly(`${server.url}/api/reports/import`, admin.token, form);
    expect(tooBig).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    expect((await postEarly(`${server.url}/api/reports/import`, admin.token, huge)).status).toBe(413);
  });
});
