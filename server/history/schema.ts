import { getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';

let cached: Schema | null = null;

/**
 * The section schema on the server, for reading stored versions back as documents (diff, restore).
 * The same StarterKit the editor uses (client/src/editor/extensions.ts); the options that differ there
 * (link checks, autolink) change behaviour, not the schema's node and mark names.
 */
export function sectionSchema(): Schema {
  cached ??= getSchema([StarterKit.configure({ undoRedo: false, trailingNode: false })]);
  return cached;
}
