/**
 * The section schema: the Tiptap extensions that define it, shared by the editor, the client's
 * schema guard and the server (versions, diff, restore), so all three read a body the same way.
 */
import { type Extensions, getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { isSafeHref } from './safe-href.ts';
import { tableExtensions } from './table-nodes.ts';

/** Schema-defining extensions. */
export function schemaExtensions(): Extensions {
  // undoRedo: Collaboration brings its own undo. trailingNode and autolink append transactions
  // on their own; on a read-only section that would be a write the server refuses (4403).
  // Links: http/https/mailto only when parsed (paste, drop); safe-link.ts also guards drawing.
  const link = { autolink: false, isAllowedUri: (url: string) => isSafeHref(url) };
  return [StarterKit.configure({ undoRedo: false, trailingNode: false, link }), ...tableExtensions()];
}

let cached: Schema | null = null;

/** The schema of every section body. */
export function sectionSchema(): Schema {
  cached ??= getSchema(schemaExtensions());
  return cached;
}
