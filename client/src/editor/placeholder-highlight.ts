/**
 * Highlights placeholders (`X`, `XX`, `×`, `某`… standing for data still to fill in) with a
 * decoration, using the shared finder so the editor agrees with the progress counts.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { findPlaceholders } from '../../../shared/placeholders.ts';
import { indexTextblocks, rangeOf } from './text-index.ts';

/** Document ranges of every placeholder in `doc`, in order. */
export function placeholderRanges(doc: PMNode): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = [];
  for (const block of indexTextblocks(doc)) {
    for (const hit of findPlaceholders(block.text)) {
      if (hit.length > 0) ranges.push(rangeOf(block, hit.index, hit.length));
    }
  }
  return ranges;
}

const key = new PluginKey<DecorationSet>('placeholderHighlight');

function decorate(doc: PMNode): DecorationSet {
  const decos = placeholderRanges(doc).map(({ from, to }) =>
    Decoration.inline(from, to, { class: 'cr-placeholder' }),
  );
  return DecorationSet.create(doc, decos);
}

/** Tiptap extension: `.cr-placeholder` spans over every placeholder. */
export const PlaceholderHighlight = Extension.create({
  name: 'placeholderHighlight',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_, state) => decorate(state.doc),
          // Recompute only when the text changed; placeholders are short and local.
          apply: (tr, old) => (tr.docChanged ? decorate(tr.doc) : old),
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ];
  },
});
