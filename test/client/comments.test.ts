/** Reading threads from the doc: reading order, anchors that follow edits, deleted quotes; panel rules. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../client/src/api.ts';
import { concernsMe, matchesFilter, rightsOn } from '../../client/src/doc/comment-rules.ts';
import { encodeAnchor, placeThreads, readThreads, type ThreadView } from '../../client/src/doc/comments.ts';
import { mentionCandidates, mentionQuery } from '../../client/src/doc/mention-suggest.ts';
import type { SectionView } from '../../client/src/doc/outline.ts';
import { bodyRoot, COMMENTS } from '../../shared/layout.ts';

/** A section body of paragraphs, as Tiptap stores it. */
function body(doc: Y.Doc, sid: string, paragraphs: string[]): Y.XmlText[] {
  const texts = paragraphs.map((p) => new Y.XmlText(p));
  const els = texts.map((text) => {
    const el = new Y.XmlElement('paragraph');
    el.insert(0, [text]);
    return el;
  });
  doc.getXmlFragment(bodyRoot(sid)).insert(0, els);
  return texts;
}

/** A thread over `text[from, to)` the way the client anchors it (start sticks right, end left). */
function thread(doc: Y.Doc, id: string, sid: string, text: Y.XmlText, from: number, to: number): void {
  const map = new Y.Map<unknown>();
  doc.getMap(COMMENTS).set(id, map);
  map.set('sectionId', sid);
  map.set('anchor', {
    start: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    end: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  });
  map.set('quote', text.toString().slice(from, to));
  map.set('author', 'u1');
  map.set('body', '请补充数据');
  map.set('createdAt', 1);
  map.set('resolved', false);
  map.set('replies', new Y.Array());
}

const ids = (doc: Y.Doc, outline: string[]) => placeThreads(doc, readThreads(doc), outline).map((t) => t.id);

describe('placeThreads', () => {
  it('orders threads by section, then paragraph, then offset — not by creation', () => {
    const doc = new Y.Doc();
    const [a1, a2] = body(doc, 's1', ['一是加强学习。', '二是改进作风。']);
    const [b1] = body(doc, 's2', ['存在不足：调研不够深入。']);
    thread(doc, 'late-s2', 's2', b1!, 0, 4);
    thread(doc, 'p2', 's1', a2!, 2, 4);
    thread(doc, 'p1-end', 's1', a1!, 4, 6);
    thread(doc, 'p1-start', 's1', a1!, 0, 2);
    expect(ids(doc, ['s1', 's2'])).toEqual(['p1-start', 'p1-end', 'p2', 'late-s2']);
    // Moving sections moves their threads.
    expect(ids(doc, ['s2', 's1'])).toEqual(['late-s2', 'p1-start', 'p1-end', 'p2']);
  });

  it('keeps a thread on its words while others type before, inside and after them', () => {
    const doc = new Y.Doc();
    const [text] = body(doc, 's1', ['完成重点任务X项。']);
    thread(doc, 't', 's1', text!, 2, 6);
    text!.insert(0, '今年');
    text!.insert(6, '各');
    text!.insert(text!.length, '成效明显。');
    const [t] = placeThreads(doc, readThreads(doc), ['s1']);
    expect(t!.detached).toBe(false);
    expect(t!.order).toEqual([0, 0, 0, 4]);
  });

  it('marks a thread detached when its words are deleted, or their paragraph is', () => {
    const doc = new Y.Doc();
    const [p1, p2] = body(doc, 's1', ['完成重点任务X项。', '群众满意度提升。']);
    thread(doc, 'words', 's1', p1!, 2, 6);
    thread(doc, 'para', 's1', p2!, 0, 3);
    thread(doc, 'kept', 's1', p1!, 6, 8);
    p1!.delete(2, 4);
    doc.getXmlFragment(bodyRoot('s1')).delete(1, 1);
    const placed = placeThreads(doc, readThreads(doc), ['s1']);
    const detached = Object.fromEntries(placed.map((t) => [t.id, t.detached]));
    expect(detached).toEqual({ words: true, para: true, kept: false });
  });

  it('treats an anchor that does not decode as detached, not as an error', () => {
    const doc = new Y.Doc();
    const [text] = body(doc, 's1', ['完成重点任务。']);
    thread(doc, 't', 's1', text!, 0, 2);
    (doc.getMap(COMMENTS).get('t') as Y.Map<unknown>).set('anchor', { start: '!!', end: 'AAAA' });
    expect(placeThreads(doc, readThreads(doc), ['s1'])[0]!.detached).toBe(true);
  });
});

describe('comment rules', () => {
  const outline: SectionView[] = [
    { id: 's1', title: '一、主要工作', level: 1, assignees: ['w1'], status: 'drafting', due: null },
  ];
  const members: Member[] = [
    { userId: 'l1', username: 'wangjuan', displayName: '王娟', role: 'leader' },
    { userId: 'w1', username: 'lisi', displayName: '李四', role: 'writer' },
    { userId: 'w2', username: 'zhaoliu', displayName: '赵六', role: 'writer' },
    { userId: 'c1', username: 'zhangsan', displayName: '张三', role: 'commenter' },
  ];
  const base: ThreadView = {
    id: 't',
    sectionId: 's1',
    anchor: { start: '', end: '' },
    quote: '重点任务',
    author: 'c1',
    body: '请补充数据',
    createdAt: 1,
    resolved: false,
    replies: [],
  };
  const ctx = (userId: string, role: Member['role']) => ({ userId, role, outline, members });

  it('resolve: leader and the section’s assignees; edit: the author; delete: author or leader', () => {
    expect(rightsOn(base, ctx('l1', 'leader'))).toEqual({
      reply: true,
      resolve: true,
      edit: false,
      delete: true,
    });
    expect(rightsOn(base, ctx('w1', 'writer'))).toEqual({
      reply: true,
      resolve: true,
      edit: false,
      delete: false,
    });
    expect(rightsOn(base, ctx('w2', 'writer'))).toEqual({
      reply: true,
      resolve: false,
      edit: false,
      delete: false,
    });
    expect(rightsOn(base, ctx('c1', 'commenter'))).toEqual({
      reply: true,
      resolve: false,
      edit: true,
      delete: true,
    });
    expect(rightsOn(base, ctx('v1', 'viewer'))).toEqual({
      reply: false,
      resolve: false,
      edit: false,
      delete: false,
    });
  });

  it('"mine": my threads and replies, my sections, and mentions of me', () => {
    expect(concernsMe(base, ctx('c1', 'commenter'))).toBe(true);
    expect(concernsMe(base, ctx('w1', 'writer'))).toBe(true);
    expect(concernsMe(base, ctx('w2', 'writer'))).toBe(false);
    expect(concernsMe({ ...base, body: '请 @赵六 核对' }, ctx('w2', 'writer'))).toBe(true);
    const replied = { ...base, replies: [{ id: 'r', author: 'w2', body: '好的', createdAt: 2 }] };
    expect(concernsMe(replied, ctx('w2', 'writer'))).toBe(true);
    expect(matchesFilter({ ...base, resolved: true }, 'open', ctx('l1', 'leader'))).toBe(false);
    expect(matchesFilter({ ...base, resolved: true }, 'resolved', ctx('l1', 'leader'))).toBe(true);
  });
});

describe('mention suggestions', () => {
  const members: Member[] = [
    { userId: 'l1', username: 'wangjuan', displayName: '王娟', role: 'leader' },
    { userId: 'l2', username: 'wangwu', displayName: '王五', role: 'writer' },
    { userId: 'w1', username: 'lisi', displayName: '李四', role: 'writer' },
  ];

  it('reads the @word just before the caret, after a space, punctuation or the start', () => {
    expect(mentionQuery('@')).toBe('');
    expect(mentionQuery('请 @王')).toBe('王');
    expect(mentionQuery('已补充，@li')).toBe('li');
    expect(mentionQuery('邮件 a@b')).toBeNull();
    expect(mentionQuery('@王娟 已补充')).toBeNull();
  });

  it('matches display names and usernames by prefix', () => {
    expect(mentionCandidates(members, '王').map((m) => m.userId)).toEqual(['l1', 'l2']);
    expect(mentionCandidates(members, 'LI').map((m) => m.userId)).toEqual(['w1']);
    expect(mentionCandidates(members, '').length).toBe(3);
    expect(mentionCandidates(members, '赵')).toEqual([]);
  });
});
