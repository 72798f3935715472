/**
 * Remote carets and selections for one section editor. All editors share the report's
 * awareness and its default `cursor` field: y-tiptap resolves a cursor only inside the
 * fragment it belongs to, so each editor shows just the carets in its own section.
 */
import { Extension } from '@tiptap/core';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';

export interface SectionCaretOptions {
  awareness: Awareness | null;
}

/**
 * The caret with its name label, as y-tiptap draws it but coloured through CSSOM: its default
 * builder sets `style` attributes, which the Content-Security-Policy blocks (`style-src 'self'`).
 */
export function caretElement(user: { name?: unknown; color?: unknown }): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : '';
  const caret = document.createElement('span');
  caret.className = 'ProseMirror-yjs-cursor';
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name : '';
  // Word joiners around the label, as y-tiptap has them, keep the caret from breaking a line.
  caret.append('\u2060', label, '\u2060');
  return caret;
}

/** Tiptap extension: y-tiptap's cursor plugin over the shared awareness. */
export const SectionCaret = Extension.create<SectionCaretOptions>({
  name: 'sectionCaret',
  addOptions: () => ({ awareness: null }),
  addProseMirrorPlugins() {
    return this.options.awareness
      ? [yCursorPlugin(this.options.awareness, { cursorBuilder: caretElement })]
      : [];
  },
});
