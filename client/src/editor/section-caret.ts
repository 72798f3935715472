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

/** Tiptap extension: y-tiptap's cursor plugin over the shared awareness. */
export const SectionCaret = Extension.create<SectionCaretOptions>({
  name: 'sectionCaret',
  addOptions: () => ({ awareness: null }),
  addProseMirrorPlugins() {
    return this.options.awareness ? [yCursorPlugin(this.options.awareness)] : [];
  },
});
