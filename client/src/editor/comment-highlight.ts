/**
 * Highlights commented ranges in a section editor. Anchors are Yjs relative positions, mapped
 * to ProseMirror positions through y-tiptap's binding whenever the Yjs side changed (remote
 * edits, new threads); local typing just maps the existing decorations, since the binding
 * writes local edits to Yjs only after this plugin's state is computed.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

/** One range to highlight. */
export interface CommentRange {
  id: string;
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  /** The selected thread: drawn stronger. */
  active: boolean;
  /** The range of a comment being written, not posted yet. */
  draft: boolean;
}

export interface CommentHighlightOptions {
  /** The ranges, asked for whenever decorations are recomputed. */
  ranges: () => CommentRange[];
  /** Called with a thread id when its highlight is clicked. */
  onSelect: (id: string) => void;
}

interface HighlightState {
  decorations: DecorationSet;
  /** Thread id → its current ProseMirror range. */
  spans: Map<string, { from: number; to: number }>;
}

export const commentHighlightKey = new PluginKey<HighlightState>('commentHighlight');
/** Meta to set on a transaction so the highlights are recomputed from Yjs. */
export const REFRESH = 'refresh';

/** Map one relative position to a document position through the sync plugin's binding. */
export function mapAnchor(state: EditorState, pos: Y.RelativePosition): number | null {
  const y = ySyncPluginKey.getState(state);
  if (!y?.binding) return null;
  return relativePositionToAbsolutePosition(y.doc, y.type, pos, y.binding.mapping);
}

function compute(state: EditorState, doc: PMNode, ranges: CommentRange[]): HighlightState {
  const spans = new Map<string, { from: number; to: number }>();
  const decos: Decoration[] = [];
  const size = doc.content.size;
  for (const r of ranges) {
    const from = mapAnchor(state, r.start);
    const to = mapAnchor(state, r.end);
    // Collapsed (text deleted) or not mappable right now (mid-update): nothing to draw.
    if (from === null || to === null || from >= to || to > size) continue;
    spans.set(r.id, { from, to });
    const cls = `cr-comment${r.active ? ' active' : ''}${r.draft ? ' draft' : ''}`;
    decos.push(Decoration.inline(from, to, { class: cls, 'data-thread': r.id }, { id: r.id }));
  }
  return { decorations: DecorationSet.create(doc, decos), spans };
}

function mapped(tr: Transaction, old: HighlightState): HighlightState {
  const decorations = old.decorations.map(tr.mapping, tr.doc);
  const spans = new Map<string, { from: number; to: number }>();
  for (const d of decorations.find()) spans.set(d.spec.id, { from: d.from, to: d.to });
  return { decorations, spans };
}

/** Tiptap extension: `.cr-comment[data-thread]` spans over every open thread's range. */
export const CommentHighlight = Extension.create<CommentHighlightOptions>({
  name: 'commentHighlight',
  addOptions: () => ({ ranges: () => [], onSelect: () => undefined }),
  addProseMirrorPlugins() {
    const { ranges, onSelect } = this.options;
    return [
      new Plugin<HighlightState>({
        key: commentHighlightKey,
        state: {
          init: (_, state) => compute(state, state.doc, ranges()),
          apply: (tr, old, oldState) => {
            const remote = tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true;
            // The binding (and its mapping) is the same object in every state of this editor.
            if (remote || tr.getMeta(commentHighlightKey) === REFRESH)
              return compute(oldState, tr.doc, ranges());
            return tr.docChanged ? mapped(tr, old) : old;
          },
        },
        props: {
          decorations: (state) => commentHighlightKey.getState(state)?.decorations,
          handleClick: (_view, _pos, event) => {
            const el = (event.target as Element | null)?.closest?.('[data-thread]');
            const id = el?.getAttribute('data-thread');
            if (id) onSelect(id);
            return false;
          },
        },
      }),
    ];
  },
});
