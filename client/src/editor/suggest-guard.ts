/**
 * In the 建议修改 mode a suggestion stays inside one paragraph's text: refuse edits that add,
 * remove, split or join blocks (Enter, Backspace at a paragraph's start, a cross-paragraph delete).
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/** The block structure: node type names in document order, text left out. */
function shape(doc: PMNode): string {
  const names: string[] = [];
  doc.descendants((node) => {
    if (!node.isBlock) return false;
    names.push(node.type.name);
    return true;
  });
  return names.join(',');
}

export const SuggestGuard = Extension.create({
  name: 'suggestGuard',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        filterTransaction: (tr, state) =>
          !tr.docChanged ||
          // Changes from Yjs (others' edits reaching the fork) always apply.
          tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true ||
          shape(tr.doc) === shape(state.doc),
      }),
    ];
  },
});
