/** The client's schema guard: which section bodies the editor may mount over, without writing. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { misfit } from '../../client/src/editor/schema-guard.ts';

function body(build: (fragment: Y.XmlFragment) => void): Y.XmlFragment {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('body:s1');
  build(fragment);
  return fragment;
}

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  t.insert(0, text, attributes);
  return p;
}

describe('misfit', () => {
  it('accepts an empty body and ordinary rich text', () => {
    expect(misfit(body(() => {}))).toBeNull();
    const rich = body((f) => {
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      heading.insert(0, [new Y.XmlText('（一）坚持理论学习')]);
      f.push([
        heading,
        paragraph('全年组织开展民主协商活动X次，', { bold: {} }),
        paragraph('捐赠口罩X万个。'),
      ]);
    });
    expect(misfit(rich)).toBeNull();
  });

  it('refuses node types and marks the editor does not know', () => {
    expect(misfit(body((f) => f.push([new Y.XmlElement('image')])))).toMatch(/image/);
    expect(misfit(body((f) => f.push([paragraph('批注文字', { comment: { id: 'c1' } })])))).not.toBeNull();
  });

  it('refuses content in the wrong place (text directly in the body)', () => {
    expect(misfit(body((f) => f.insert(0, [new Y.XmlText('散落的文字')])))).not.toBeNull();
  });

  it('never writes to the document', () => {
    const fragment = body((f) => f.push([new Y.XmlElement('image'), paragraph('正文')]));
    const doc = fragment.doc!;
    let updates = 0;
    doc.on('update', () => updates++);
    const before = Y.encodeStateAsUpdate(doc);
    misfit(fragment);
    expect(updates).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
