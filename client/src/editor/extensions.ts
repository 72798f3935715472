/** The Tiptap extensions that define the section schema, shared by the editor and the schema guard. */
import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { isSafeHref } from './safe-link.ts';

/** Schema-defining extensions. */
export function schemaExtensions(): Extensions {
  // undoRedo: Collaboration brings its own undo. trailingNode and autolink append transactions
  // on their own; on a read-only section that would be a write the server refuses (4403).
  // Links: http/https/mailto only when parsed (paste, drop); safe-link.ts also guards drawing.
  const link = { autolink: false, isAllowedUri: (url: string) => isSafeHref(url) };
  return [StarterKit.configure({ undoRedo: false, trailingNode: false, link })];
}
