import { describe, expect, it } from 'vitest';
import { sectionSchema } from '../../shared/section-schema.ts';
import { fitToSchema } from './fit-schema.ts';

const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, marks?: unknown[]) => ({ type: 'text', text, ...(marks ? { marks } : {}) });
const read = (content: unknown[]) => fitToSchema({ type: 'doc', content }, sectionSchema());

describe('fitToSchema', () => {
  it('keeps known content as it is', () => {
    const doc = read([p(t('全年完成X项', [{ type: 'bold' }]))]);
    expect(doc.toJSON()).toEqual({ type: 'doc', content: [p(t('全年完成X项', [{ type: 'bold' }]))] });
  });

  it('drops an unknown leaf node and keeps the text around it', () => {
    const doc = read([p(t('如图')), { type: 'image', attrs: { src: 'a.png' } }, p(t('所示'))]);
    expect(doc.content.childCount).toBe(2);
    expect(doc.textContent).toBe('如图所示');
    doc.check();
  });

  it('unwraps an unknown wrapper and an unknown inline node, and drops an unknown mark', () => {
    const doc = read([
      { type: 'callout', content: [p(t('注意：'), { type: 'mention', content: [t('王娟')] })] },
      p(t('高亮', [{ type: 'highlight' }, { type: 'italic' }])),
    ]);
    doc.check();
    expect(doc.child(0).textContent).toBe('注意：王娟');
    expect(doc.child(1).firstChild?.marks.map((m) => m.type.name)).toEqual(['italic']);
  });

  it('turns a block whose content does not fit into a paragraph of its text', () => {
    const doc = read([
      { type: 'table', content: [t('表格内容')] },
      { type: 'bulletList', content: [] },
    ]);
    doc.check();
    expect(doc.toJSON()).toEqual({ type: 'doc', content: [p(t('表格内容'))] });
  });

  it('wraps inline content at the top level in a paragraph', () => {
    const doc = read([t('散落的文字'), { type: 'hardBreak' }, t('第二行')]);
    doc.check();
    expect(doc.childCount).toBe(1);
    expect(doc.child(0).type.name).toBe('paragraph');
  });

  it('never throws on garbage', () => {
    for (const json of [
      null,
      'doc',
      42,
      { type: 'doc', content: 'x' },
      { content: [null, 1, [], { type: 7 }] },
    ])
      expect(fitToSchema(json, sectionSchema()).type.name).toBe('doc');
    const bad = read([
      { type: 'heading', attrs: { level: 'x' }, content: [t('标题')] },
      p({ type: 'text', text: 5 }),
    ]);
    bad.check();
  });
});
