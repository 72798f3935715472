/**
 * Tables end to end on a real server with stock y-websocket clients: a table written through
 * y-tiptap by one client reaches another cell for cell and fits the editor schema there, row and
 * column commands (prosemirror-tables) on it too; history takes, shows and restores versions
 * holding tables; the server accepts a table in one's own section
 * and refuses an edit of a cell in someone else's; placeholders in cells are counted; the .docx
 * export writes a Word table in the 公文 look, and importing it gives the same table back (also
 * through Markdown and text).
 */
import type { Node } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { addColumnAfter, addRowAfter } from '@tiptap/pm/tables';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { misfit } from '../client/src/editor/schema-guard.ts';
import { CloseCode } from '../shared/close-codes.ts';
import { bodyRoot } from '../shared/layout.ts';
import { reportProgress } from '../shared/progress.ts';
import { sectionSchema } from '../shared/section-schema.ts';
import { type Account, addSection, api, reportWithWriter } from './helpers/api.ts';
import { type Client, connect, synced, until } from './helpers/clients.ts';
import { docxPart, exportFile, importFile } from './helpers/import.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const schema = sectionSchema();
const p = (text: string, marks?: { type: string }[]) => ({
  type: 'paragraph',
  content: text ? [{ type: 'text', text, ...(marks ? { marks } : {}) }] : [],
});
const cell = (type: 'tableCell' | 'tableHeader', ...texts: string[]) => ({
  type,
  attrs: { colspan: 1, rowspan: 1, colwidth: null },
  content: texts.map((t) => p(t)),
});
const TABLE = {
  type: 'table',
  content: [
    {
      type: 'tableRow',
      content: [cell('tableHeader', '项目'), cell('tableHeader', '2025年'), cell('tableHeader', '备注')],
    },
    {
      type: 'tableRow',
      content: [cell('tableCell', '接待查档'), cell('tableCell', 'X人次'), cell('tableCell', '同比增长XX%')],
    },
    {
      type: 'tableRow',
      content: [
        cell('tableCell', '数字化'),
        cell('tableCell', '12万卷'),
        cell('tableCell', '第一批', '第二批'),
      ],
    },
  ],
};
const BODY = { type: 'doc', content: [p('主要数据如下：'), TABLE, p('以上数据截至年底。')] };

let server: TestServer;
let leader: Account;
let writer: Account;
let reportId: string;
let mine: string;
let theirs: string;
const clients: Client[] = [];

const open = async (who: Account) => {
  const c = connect(server.wsUrl, reportId, who.token);
  clients.push(c);
  await synced(c);
  return c;
};
/** Writes `doc` into a section body as the editor's binding does (y-tiptap's updateYFragment). */
const write = (c: Client, sid: string, doc: Node) =>
  c.doc.transact(() =>
    updateYFragment(c.doc, c.doc.getXmlFragment(bodyRoot(sid)), doc, {
      mapping: new Map(),
      isOMark: new Map(),
    }),
  );
const read = (doc: Y.Doc, sid: string) =>
  yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(bodyRoot(sid)), schema);
const serverDoc = () => server.deps.rooms.get(reportId).doc;
/** `doc` after a table command run with the caret in the cell holding `text`. */
function command(doc: Node, text: string, cmd: typeof addRowAfter): Node {
  let at = -1;
  doc.descendants((n, pos) => {
    if (at < 0 && n.isText && n.text === text) at = pos;
    return at < 0;
  });
  const state = EditorState.create({ doc, selection: TextSelection.create(doc, at) });
  let next = doc;
  expect(cmd(state, (tr) => (next = tr.doc))).toBe(true);
  return next;
}

beforeAll(async () => {
  server = await startServer({ HISTORY_IDLE_MS: '300', HISTORY_MAX_MS: '60000' });
  const team = await reportWithWriter(server.url, { title: '市档案馆2025年工作总结' });
  ({ leader, writer, reportId } = team);
  mine = team.section.id;
  theirs = (await addSection(server.url, leader, reportId, '二、存在的不足')).id;
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('tables through Yjs', () => {
  it('one writer’s table reaches another client cell for cell; row and column commands too', async () => {
    const a = await open(writer);
    const b = await open(leader);
    write(a, mine, schema.nodeFromJSON(BODY));
    await until(() => read(b.doc, mine).childCount === 3, 'the table on the second client');
    expect(read(b.doc, mine).toJSON()).toEqual(BODY);
    expect(misfit(b.doc.getXmlFragment(bodyRoot(mine)))).toBeNull();
    expect(read(serverDoc(), mine).toJSON()).toEqual(BODY);

    const wider = command(command(read(b.doc, mine), 'X人次', addRowAfter), 'X人次', addColumnAfter);
    write(b, mine, wider);
    await until(() => read(a.doc, mine).eq(wider), 'the new row and column on the first client');
    const table = read(a.doc, mine).child(1);
    expect(table.childCount).toBe(4);
    expect([...Array(table.childCount).keys()].map((i) => table.child(i).childCount)).toEqual([4, 4, 4, 4]);
    expect(misfit(a.doc.getXmlFragment(bodyRoot(mine)))).toBeNull();
  });

  it('history takes, shows and restores versions of a section holding a table', async () => {
    const versions = () => server.deps.stores.versions.list(reportId, mine);
    // The writer's table became a version when the leader started editing; the leader's after idling.
    await until(() => versions().length >= 2, 'two versions', 5000);
    const first = versions().at(-1)!;
    const call = (method: string, path: string) =>
      api(server.url, method, `/api/reports/${reportId}${path}`, { token: leader.token });
    const shown = await call('GET', `/versions/${first.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.blocks.map((b: { text: string }) => b.text)).toContain('同比增长XX%');
    const restored = await call('POST', `/versions/${first.id}/restore`);
    expect(restored.status).toBe(200);
    expect(read(serverDoc(), mine).toJSON()).toEqual(BODY);
  });

  it('counts placeholders inside cells', () => {
    const section = reportProgress(serverDoc()).sections.find((s) => s.id === mine)!;
    expect(section.placeholders).toBe(2);
  });

  it('the server accepts a table in one’s own section and refuses an edit of a cell in another’s', async () => {
    const lead = await open(leader);
    write(lead, theirs, schema.nodeFromJSON({ type: 'doc', content: [TABLE] }));
    const w = await open(writer);
    await until(() => read(w.doc, theirs).childCount === 1, 'the leader’s table on the writer’s client');
    const before = Y.encodeStateAsUpdate(serverDoc());
    const closed = w.nextClose();
    w.provider.shouldConnect = false;
    const first = (w.doc.getXmlFragment(bodyRoot(theirs)).get(0) as Y.XmlElement).get(1) as Y.XmlElement;
    const text = ((first.get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, '1'); // 'X人次' → '1X人次'
    const { code, reason } = await closed;
    expect(code).toBe(CloseCode.forbidden);
    expect(reason).toContain(theirs);
    expect(Y.encodeStateAsUpdate(serverDoc())).toEqual(before);
  });
});

describe('tables through export and import', () => {
  it('exports a Word table in the 公文 look and imports it back as the same table', async () => {
    const docx = await exportFile(server.url, leader.token, reportId, '?format=docx');
    expect(docx.status).toBe(200);
    const xml = await docxPart(docx.bytes, 'word/document.xml');
    const tables = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    expect(tables).toHaveLength(2);
    const t = tables[1]!;
    // Thin black rules all round and inside; the type area's width (8 845 twips) in equal columns; rows kept whole.
    for (const side of ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'])
      expect(t).toMatch(new RegExp(`<w:${side} w:val="single" w:color="000000" w:sz="4"`));
    expect(t).toMatch(/<w:tblLayout w:type="fixed"\/>/);
    expect([...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => m[1])).toEqual(['2948', '2948', '2948']);
    expect(t).toContain('<w:cantSplit/>');
    // The header row: repeated on each page, bold, centred; the body in 仿宋 with no first-line indent.
    const [head, ...rows] = t.match(/<w:tr>[\s\S]*?<\/w:tr>/g)!;
    expect(head).toContain('<w:tblHeader/>');
    expect(head).toMatch(/<w:jc w:val="center"\/>[\s\S]*<w:b\/>[\s\S]*项目/);
    expect(rows[0]).not.toContain('<w:b/>');
    expect(rows[0]).toContain('w:eastAsia="仿宋_GB2312"');
    expect(t).not.toContain('w:firstLine');
    const cellTexts = (row: string) =>
      (row.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map((c) =>
        [...c.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
          .map((para) => [...para[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
          .join('/'),
      );
    expect([head, ...rows].map(cellTexts)).toEqual([
      ['项目', '2025年', '备注'],
      ['接待查档', 'X人次', '同比增长XX%'],
      ['数字化', '12万卷', '第一批/第二批'],
    ]);
    expect(docx.headers.get('x-placeholders')).toBe('4');

    const again = await importFile(server.url, leader.token, docx.bytes, 'again.docx');
    expect(again.status).toBe(201);
    expect(again.body.placeholders).toBe(4);
    const live = await (async () => {
      const c = connect(server.wsUrl, again.body.report.id, leader.token);
      clients.push(c);
      await synced(c);
      return c;
    })();
    const [one, two] = again.body.sections as { id: string; title: string }[];
    expect(read(live.doc, two!.id).toJSON()).toEqual({ type: 'doc', content: [TABLE] });
    expect(read(live.doc, one!.id).child(1).toJSON()).toEqual(read(serverDoc(), mine).child(1).toJSON());
    expect(misfit(live.doc.getXmlFragment(bodyRoot(two!.id)))).toBeNull();

    const [md, txt] = await Promise.all(
      ['md', 'txt'].map(async (f) =>
        Buffer.from(
          (await exportFile(server.url, leader.token, again.body.report.id, `?format=${f}`)).bytes,
        ).toString(),
      ),
    );
    expect(md).toContain(
      '| 项目 | 2025年 | 备注 |\n| --- | --- | --- |\n| 接待查档 | X人次 | 同比增长XX% |\n| 数字化 | 12万卷 | 第一批 第二批 |',
    );
    expect(txt).toContain('项目\t2025年\t备注\n接待查档\tX人次\t同比增长XX%\n');
  });
});
