import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { forkDoc, forkSuggestions } from '../../client/src/doc/scratch-diff.ts';
import { bodyRoot } from '../../shared/layout.ts';
import { currentRange, type Suggestion } from '../../shared/suggestions.ts';

const SID = 's1';
const TEXT = '一是坚持政治引领，组织开展民主协商活动X次。';

function realDoc(): { doc: Y.Doc; text: Y.XmlText } {
  const doc = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  const text = new Y.XmlText(TEXT);
  p.insert(0, [text]);
  doc.getXmlFragment(bodyRoot(SID)).insert(0, [p]);
  return { doc, text };
}
const forkText = (fork: Y.Doc) =>
  (fork.getXmlFragment(bodyRoot(SID)).get(0) as Y.XmlElement).get(0) as Y.XmlText;
/** Does the suggestion resolve in `doc` to exactly its quote? */
const resolves = (doc: Y.Doc, s: ReturnType<typeof forkSuggestions>['suggestions'][number]) =>
  currentRange(doc, { ...s, id: 'x', author: 'u', createdAt: 0 } as Suggestion) !== null;

describe('scratch fork → suggestions', () => {
  it('turns a replacement, a deletion and an insertion into three anchored suggestions', () => {
    const { doc } = realDoc();
    const { fork, stop } = forkDoc(doc);
    const t = forkText(fork);
    t.delete(TEXT.indexOf('X'), 1);
    t.insert(TEXT.indexOf('X'), '12');
    t.delete(0, 2); // 一是
    t.insert(t.length - 1, '，成效明显');
    const { suggestions, unsupported } = forkSuggestions(doc, fork, SID);
    expect(unsupported).toBe(false);
    expect(suggestions.map((s) => [s.quote, s.replacement])).toEqual([
      ['一是', ''],
      ['X', '12'],
      ['', '，成效明显'],
    ]);
    for (const s of suggestions) expect(resolves(doc, s)).toBe(true);
    stop();
  });

  it('follows the real doc: others’ later edits are not the user’s changes', () => {
    const { doc, text } = realDoc();
    const { fork, stop } = forkDoc(doc);
    forkText(fork).insert(2, '始终');
    text.delete(TEXT.length - 1, 1); // someone else removes the final 。
    text.insert(0, '（一）');
    expect(forkSuggestions(doc, fork, SID).suggestions.map((s) => [s.quote, s.replacement])).toEqual([
      ['', '始终'],
    ]);
    stop();
  });

  it('reports text in a new paragraph as unsupported, and nothing when unchanged', () => {
    const { doc } = realDoc();
    const { fork, stop } = forkDoc(doc);
    expect(forkSuggestions(doc, fork, SID)).toEqual({ suggestions: [], unsupported: false });
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('新段落')]);
    fork.getXmlFragment(bodyRoot(SID)).push([p]);
    expect(forkSuggestions(doc, fork, SID).unsupported).toBe(true);
    stop();
  });
});
