import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot, OUTLINE, SECTIONS } from './layout.ts';
import { fragmentText, reportProgress } from './progress.ts';

type Run = string | [string, Record<string, unknown>];
type Child = Run | Y.XmlElement;

/** An element in the Tiptap schema; strings become Y.XmlText, `[text, marks]` formatted text. */
function el(name: string, ...children: Child[]): Y.XmlElement {
  const node = new Y.XmlElement(name);
  const items = children.map((c) => {
    if (c instanceof Y.XmlElement) return c;
    const t = new Y.XmlText();
    if (typeof c === 'string') t.insert(0, c);
    else t.insert(0, c[0], c[1]);
    return t;
  });
  node.insert(0, items);
  return node;
}
const p = (...children: Child[]) => el('paragraph', ...children);
const li = (...blocks: Y.XmlElement[]) => el('listItem', ...blocks);
const cell = (text: string) => el('tableCell', p(text));

interface SectionSeed {
  title: string;
  level: number;
  status: string;
  assignees?: string[] | 'yarray';
  names?: string[];
  body?: Y.XmlElement[];
}

function addSection(doc: Y.Doc, id: string, seed: SectionSeed): void {
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    doc.getMap(SECTIONS).set(id, entry);
    entry.set('title', seed.title);
    entry.set('level', seed.level);
    entry.set('status', seed.status);
    entry.set('due', null);
    if (seed.assignees === 'yarray') entry.set('assignees', Y.Array.from(seed.names ?? []));
    else if (seed.assignees) entry.set('assignees', seed.assignees); // plain JSON array, as the server stores it
    if (seed.body) doc.getXmlFragment(bodyRoot(id)).insert(0, seed.body);
  });
}

/** A 述职报告 with lists, a table, marks, a hard break, a missing body and stray outline ids. */
function fixture(): Y.Doc {
  const doc = new Y.Doc();
  addSection(doc, 's1', {
    title: '一、履职总体情况',
    level: 1,
    status: 'approved',
    assignees: 'yarray',
    names: ['u-zhang'],
    body: [
      p('2020年以来，在市委的坚强领导下，', ['区政协', { bold: true }], '认真履行职能。'),
      p('全年组织开展民主协商活动X次，提交提案XX件。'),
    ],
  });
  addSection(doc, 's2', {
    title: '（一）加强政治引领',
    level: 2,
    status: 'drafting',
    assignees: ['u-wang', 'u-li'],
    body: [
      p('一是坚持', ['理论学习', { italic: true }], '。'),
      el(
        'bulletList',
        li(p('参加中心组学习X次')),
        li(p('开展专题调研'), el('bulletList', li(p('形成调研报告【待补充】篇')))),
      ),
    ],
  });
  addSection(doc, 's3', {
    title: '二、疫情防控',
    level: 1,
    status: 'submitted',
    assignees: ['u-li'],
    body: [
      el(
        'table',
        el('tableRow', cell('捐赠物资'), cell('口罩X万个')),
        el('tableRow', cell('资金'), cell('某某万元')),
      ),
      p('述职人：张三', el('hardBreak'), '2020年12月'),
    ],
  });
  addSection(doc, 's4', { title: '三、存在不足', level: 1, status: 'bogus' });
  addSection(doc, 'orphan', { title: '不在大纲中', level: 1, status: 'todo', body: [p('X某某')] });
  doc.getArray<string>(OUTLINE).push(['s1', 'ghost', 's2', 's3', 's4', 's2']);
  return doc;
}

describe('fragmentText', () => {
  it('joins paragraphs with newlines and drops formatting', () => {
    const doc = fixture();
    expect(fragmentText(doc.getXmlFragment(bodyRoot('s1')))).toBe(
      '2020年以来，在市委的坚强领导下，区政协认真履行职能。\n全年组织开展民主协商活动X次，提交提案XX件。',
    );
  });

  it('walks nested list items', () => {
    const doc = fixture();
    expect(fragmentText(doc.getXmlFragment(bodyRoot('s2')))).toBe(
      '一是坚持理论学习。\n参加中心组学习X次\n开展专题调研\n形成调研报告【待补充】篇',
    );
  });

  it('walks table cells and turns a hard break into a newline', () => {
    const doc = fixture();
    expect(fragmentText(doc.getXmlFragment(bodyRoot('s3')))).toBe(
      '捐赠物资\n口罩X万个\n资金\n某某万元\n述职人：张三\n2020年12月',
    );
  });

  it('keeps empty paragraphs as empty lines, skips leaf blocks and headings keep their text', () => {
    const doc = new Y.Doc();
    const body = doc.getXmlFragment(bodyRoot('a'));
    body.insert(0, [el('heading', '（二）强化民主监督'), p(), el('horizontalRule'), p('聚焦民生实事')]);
    expect(fragmentText(body)).toBe('（二）强化民主监督\n\n聚焦民生实事');
    expect(fragmentText(doc.getXmlFragment(bodyRoot('empty')))).toBe('');
  });

  it('ignores deleted text and keeps formatted runs whole after edits', () => {
    const doc = new Y.Doc();
    const body = doc.getXmlFragment(bodyRoot('a'));
    body.insert(0, [p('全年走访委员X人次')]);
    const text = (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(6, 3); // drop 'X人次'
    text.insert(6, '36', { bold: true });
    text.format(0, 2, { italic: true });
    expect(text.toString()).toContain('<');
    expect(fragmentText(body)).toBe('全年走访委员36');
  });
});

describe('reportProgress', () => {
  it('lists sections in outline order, once each, skipping ids without an entry', () => {
    const progress = reportProgress(fixture());
    expect(progress.sections.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('reports title, level, status, assignees, characters and placeholders per section', () => {
    const [s1, s2, s3, s4] = reportProgress(fixture()).sections;
    expect(s1).toEqual({
      id: 's1',
      title: '一、履职总体情况',
      level: 1,
      status: 'approved',
      assignees: ['u-zhang'],
      chars: 51,
      placeholders: 2,
      suggestions: 0,
    });
    expect(s2).toMatchObject({ level: 2, status: 'drafting', assignees: ['u-wang', 'u-li'], chars: 36 });
    expect(s2!.placeholders).toBe(2);
    expect(s3).toMatchObject({ status: 'submitted', assignees: ['u-li'], chars: 29, placeholders: 2 });
    // An unknown status reads as todo; no assignees and no body read as empty.
    expect(s4).toMatchObject({
      title: '三、存在不足',
      status: 'todo',
      assignees: [],
      chars: 0,
      placeholders: 0,
    });
  });

  it('sums totals over the outline only', () => {
    expect(reportProgress(fixture()).totals).toEqual({
      chars: 116,
      placeholders: 6,
      sections: 4,
      approved: 1,
      suggestions: 0,
    });
  });

  it('does not define roots for sections without a body', () => {
    const doc = fixture();
    reportProgress(doc);
    expect(doc.share.has(bodyRoot('s4'))).toBe(false);
  });

  it('gives the same answer on a replica built from the encoded update', () => {
    const source = fixture();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(source));
    expect(reportProgress(replica)).toEqual(reportProgress(source));
  });

  it('follows live edits: filling a placeholder and approving a section', () => {
    const doc = fixture();
    const para = doc.getXmlFragment(bodyRoot('s2')).get(0) as Y.XmlElement;
    para.insert(para.length, [el('hardBreak')]);
    const list = doc.getXmlFragment(bodyRoot('s2')).get(1) as Y.XmlElement;
    const item = ((list.get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    item.delete(7, 1);
    item.insert(7, '12');
    (doc.getMap(SECTIONS).get('s2') as Y.Map<unknown>).set('status', 'approved');
    const s2 = reportProgress(doc).sections[1]!;
    expect(s2).toMatchObject({ status: 'approved', chars: 37, placeholders: 1 });
    expect(reportProgress(doc).totals.approved).toBe(2);
  });

  it('is empty for an empty doc', () => {
    expect(reportProgress(new Y.Doc())).toEqual({
      sections: [],
      totals: { chars: 0, placeholders: 0, sections: 0, approved: 0, suggestions: 0 },
    });
  });

  it('tolerates malformed entries: non-string assignees, missing title and level', () => {
    const doc = new Y.Doc();
    const entry = new Y.Map<unknown>();
    doc.getMap(SECTIONS).set('x', entry);
    entry.set('assignees', ['u-1', 7, null]);
    doc.getMap(SECTIONS).set('y', Y.Array.from(['not', 'a', 'section']));
    doc.getArray(OUTLINE).push(['x', 'y']);
    expect(reportProgress(doc).sections).toEqual([
      {
        id: 'x',
        title: '',
        level: 1,
        status: 'todo',
        assignees: ['u-1'],
        chars: 0,
        placeholders: 0,
        suggestions: 0,
      },
    ]);
  });
});
