/**
 * Shows a hint in an empty section (a node decoration with `data-hint`, drawn by CSS).
 * Small local version of Tiptap's Placeholder, which lives in a package we do not depend on.
 */
import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

export interface EmptyHintOptions {
  /** Hint text, asked for on each render so it follows language and editability. */
  hint: () => string;
}

/** Tiptap extension: `.cr-empty[data-hint]` on the only, empty paragraph. */
export const EmptyHint = Extension.create<EmptyHintOptions>({
  name: 'emptyHint',
  addOptions: () => ({ hint: () => '' }),
  addProseMirrorPlugins() {
    const { hint } = this.options;
    return [
      new Plugin({
        props: {
          decorations: ({ doc }) => {
            const first = doc.firstChild;
            if (doc.childCount !== 1 || !first || !first.isTextblock || first.content.size > 0) return null;
            const text = hint();
            if (!text) return null;
            return DecorationSet.create(doc, [
              Decoration.node(0, first.nodeSize, { class: 'cr-empty', 'data-hint': text }),
            ]);
          },
        },
      }),
    ];
  },
});
