/** What a refused doc held that the server lacks, per section (client/src/doc/refused-text.ts). */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changedSpan, refusedTexts, unsavedTexts } from '../../client/src/doc/refused-text.ts';
import { bodyRoot, OUTLINE, SECTIONS } from '../../shared/layout.ts';
import { typeInto } from '../helpers/clients.ts';

/** A server doc with two sections, and a browser's copy of it. */
function setup() {
  const server = new Y.Doc();
  server.transact(() => {
    server.getArray<string>(OUTLINE).push(['s1', 's2']);
    for (const [id, title] of [
      ['s1', '一、主要工作'],
      ['s2', '二、存在问题'],
    ] as const) {
      const map = new Y.Map<unknown>();
      map.set('title', title);
      server.getMap(SECTIONS).set(id, map);
    }
  });
  typeInto(server, 's1', '一是完成年度任务。');
  const browser = new Y.Doc();
  Y.applyUpdate(browser, Y.encodeStateAsUpdate(server));
  return { server, browser };
}

describe('refused text', () => {
  it('is what the browser typed that the server did not take, in its section', () => {
    const { server, browser } = setup();
    typeInto(browser, 's1', '二是加强学习。', '一是完成年度任务。'.length);
    expect(refusedTexts(Y.encodeStateAsUpdate(browser), server)).toEqual([
      { sectionId: 's1', title: '一、主要工作', text: '二是加强学习。' },
    ]);
  });

  it('does not mistake what others wrote since for ours', () => {
    const { server, browser } = setup();
    typeInto(browser, 's1', '（未保存）', 0);
    typeInto(server, 's1', '补充：完成率98%。', '一是完成年度任务。'.length);
    typeInto(server, 's2', '组长新写的问题。');
    expect(refusedTexts(Y.encodeStateAsUpdate(browser), server)).toEqual([
      { sectionId: 's1', title: '一、主要工作', text: '（未保存）' },
    ]);
  });

  it('is nothing when the server has it all', () => {
    const { server, browser } = setup();
    typeInto(browser, 's2', '已保存的内容');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(browser));
    expect(refusedTexts(Y.encodeStateAsUpdate(browser), server)).toEqual([]);
    expect(server.getXmlFragment(bodyRoot('s2')).length).toBe(1);
  });

  it('spans from the first to the last difference', () => {
    expect(changedSpan('甲乙丙丁戊', '甲丁戊')).toBe('乙丙');
    expect(changedSpan('甲乙', '甲乙')).toBe('');
    expect(changedSpan('甲', '甲乙')).toBe('');
  });
});

describe('unsaved text', () => {
  it('is the text the server has not acknowledged, per section and paragraph', () => {
    const { server, browser } = setup();
    const acked = Y.decodeStateVector(Y.encodeStateVector(browser));
    typeInto(browser, 's1', '（补充）', 0);
    typeInto(browser, 's2', '新的一段。');
    expect(unsavedTexts(browser, acked)).toEqual([
      { sectionId: 's1', title: '一、主要工作', text: '（补充）' },
      { sectionId: 's2', title: '二、存在问题', text: '新的一段。' },
    ]);
    // Acknowledged: nothing left to keep.
    expect(unsavedTexts(browser, Y.decodeStateVector(Y.encodeStateVector(browser)))).toEqual([]);
    expect(server.getXmlFragment(bodyRoot('s2')).length).toBe(0);
  });
});
