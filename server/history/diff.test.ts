import { expect, it } from 'vitest';
import { sectionSchema } from '../../shared/section-schema.ts';
import { diffChain, type SectionDiff, textBetween } from './diff.ts';

const schema = sectionSchema();
const doc = (paragraphs: string[]) =>
  schema.nodeFromJSON({
    type: 'doc',
    content: paragraphs.map((t) => ({ type: 'paragraph', content: t ? [{ type: 'text', text: t }] : [] })),
  });
const text = (d: ReturnType<typeof doc>) => textBetween(d, 0, d.content.size);
const side = (diff: SectionDiff, leave: 'ins' | 'del') =>
  diff.segments
    .filter((s) => s.op !== leave)
    .map((s) => s.text)
    .join('');

// Repeated tokens, as a section typed by several people from a checklist reads.
let longParagraph = '';
for (let i = 0; longParagraph.length < 10_000; i++) longParagraph += `第${i % 10}组第${i % 7}条。`;

it('refines a short change to the characters that changed, with their author', () => {
  const before = doc(['一、主要工作', '全年完成X项任务。']);
  const after = doc(['一、主要工作', '全年完成12项任务。']);
  const diff = diffChain(before, [{ doc: after, authors: ['李四'] }]);
  expect(diff.added).toBe(2);
  expect(diff.removed).toBe(1);
  expect(diff.segments.filter((s) => s.op === 'ins')).toEqual([{ op: 'ins', text: '12', authors: ['李四'] }]);
});

it('a paragraph inserted before a long one that also grew: a diff, not an error (prosemirror-changeset 2.4)', () => {
  const before = doc(['。', longParagraph]);
  const after = doc(['。', '第4组第7条。', `${longParagraph}。第0组第5条。`]);
  const diff = diffChain(before, [
    { doc: doc(['。', longParagraph]), authors: ['王娟'] },
    { doc: after, authors: ['李四'] },
  ]);
  // Read back, the kept and inserted text is the new version and the kept and deleted the old one.
  expect(side(diff, 'del')).toBe(text(after));
  expect(side(diff, 'ins')).toBe(text(before));
  expect(diff.added).toBeGreaterThanOrEqual('第4组第7条。。第0组第5条。'.length);
  const authors = new Set(diff.segments.flatMap((s) => s.authors ?? []));
  expect([...authors]).toEqual(['李四']);
});
