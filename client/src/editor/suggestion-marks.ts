/**
 * Draws the pending suggestions (修订) of a section in its editor: the quoted range struck through,
 * the replacement as an underlined widget in the suggester's colour, both titled with name and
 * time; outdated ones greyed. Read live from the server-written `suggestions` root, whose changes
 * do not touch the fragment, so the plugin observes that root itself.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { SUGGESTIONS } from '../../../shared/layout.ts';
import { isOutdated, readSuggestions, type Suggestion } from '../../../shared/suggestions.ts';
import { userColor } from '../../../shared/user-color.ts';
import { mapAnchor } from './comment-highlight.ts';

export interface SuggestionMarksOptions {
  /** The real report doc (the editor may be bound to a scratch fork of it). */
  doc: Y.Doc | null;
  sectionId: string;
  /** "name · time" for a suggestion's title. */
  label: (s: Suggestion) => string;
}

const key = new PluginKey<DecorationSet>('suggestionMarks');
const REFRESH = 'refresh';

function insertion(s: Suggestion, text: string, title: string, outdated: boolean): HTMLElement {
  const el = document.createElement('span');
  el.className = `cr-sugg-ins${outdated ? ' outdated' : ''}`;
  el.textContent = text;
  el.title = title;
  el.dataset.suggestion = s.id;
  // CSSOM, not a style attribute: allowed by the Content-Security-Policy.
  el.style.setProperty('--sugg-color', userColor(s.author));
  return el;
}

function decorate(state: EditorState, doc: PMNode, o: SuggestionMarksOptions): DecorationSet {
  if (!o.doc) return DecorationSet.empty;
  const decos: Decoration[] = [];
  for (const s of readSuggestions(o.doc)) {
    if (s.sectionId !== o.sectionId) continue;
    const title = o.label(s);
    if (!s.anchor) {
      const at = doc.content.size;
      decos.push(
        Decoration.widget(at, () => insertion(s, s.replacement, title, false), { key: s.id, side: 1 }),
      );
      continue;
    }
    const from = mapAnchor(state, decodeB64(s.anchor.start));
    const to = mapAnchor(state, decodeB64(s.anchor.end));
    if (from === null || to === null || from > to || to > doc.content.size) continue;
    const outdated = isOutdated(o.doc, s);
    if (to > from) {
      const cls = `cr-sugg-del${outdated ? ' outdated' : ''}`;
      decos.push(Decoration.inline(from, to, { class: cls, title, 'data-suggestion': s.id }));
    }
    if (s.replacement) {
      const spec = { key: `${s.id}:${outdated}`, side: 1 };
      decos.push(Decoration.widget(to, () => insertion(s, s.replacement, title, outdated), spec));
    }
  }
  return DecorationSet.create(doc, decos);
}

function decodeB64(b64: string): Y.RelativePosition {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return Y.decodeRelativePosition(bytes);
}

/** Tiptap extension: `.cr-sugg-del` ranges and `.cr-sugg-ins` widgets for the section's suggestions. */
export const SuggestionMarks = Extension.create<SuggestionMarksOptions>({
  name: 'suggestionMarks',
  addOptions: () => ({ doc: null, sectionId: '', label: () => '' }),
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_, state) => decorate(state, state.doc, options),
          apply: (tr, old, oldState) => {
            const remote = tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true;
            if (remote || tr.getMeta(key) === REFRESH) return decorate(oldState, tr.doc, options);
            return tr.docChanged ? old.map(tr.mapping, tr.doc) : old;
          },
        },
        props: { decorations: (state) => key.getState(state) },
        view: (view) => {
          const root = options.doc?.getMap(SUGGESTIONS);
          // After the Yjs transaction: the y-tiptap mapping is up to date by then.
          const refresh = () =>
            queueMicrotask(() => {
              if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, REFRESH));
            });
          root?.observe(refresh);
          options.doc?.on('afterTransaction', onBody);
          function onBody(tr: Y.Transaction) {
            // A text change may make one of this section's suggestions outdated (or current again).
            const doc = options.doc;
            if (!doc?.share.has(SUGGESTIONS)) return;
            if (!readSuggestions(doc).some((s) => s.sectionId === options.sectionId)) return;
            for (const type of tr.changed.keys()) {
              if (type instanceof Y.XmlText || type instanceof Y.XmlElement) return refresh();
            }
          }
          return {
            destroy: () => {
              root?.unobserve(refresh);
              options.doc?.off('afterTransaction', onBody);
            },
          };
        },
      }),
    ];
  },
});
