import type { Node } from '@tiptap/pm/model';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { sectionSchema } from '../../shared/section-schema.ts';

/** A section body as ProseMirror JSON, as a version stores it. */
export type SectionJson = { type: 'doc'; content?: unknown[] };

export const EMPTY_SECTION: SectionJson = { type: 'doc', content: [] };

/** The section's body now, as ProseMirror JSON (read only: never creates the root's content). */
export function sectionJson(doc: Y.Doc, sectionId: string): SectionJson {
  return yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(bodyRoot(sectionId))) as SectionJson;
}

/**
 * Stored JSON as a document of the section schema; throws when a block does not fit the schema. An
 * empty section (no blocks, which the schema's `block+` would refuse) is a valid version.
 */
export function sectionNode(json: unknown): Node {
  const node = sectionSchema().nodeFromJSON(json);
  node.forEach((block) => {
    block.check();
  });
  return node;
}

/** Plain text of each block, for showing a version read-only. */
export function blockTexts(node: Node): { type: string; level?: number; text: string }[] {
  const out: { type: string; level?: number; text: string }[] = [];
  node.descendants((child, _pos, parent) => {
    if (!child.isTextblock) return true;
    const type = parent?.type.name === 'listItem' ? 'listItem' : child.type.name;
    const entry: { type: string; level?: number; text: string } = { type, text: child.textContent };
    if (child.type.name === 'heading') entry.level = Number(child.attrs.level) || 1;
    out.push(entry);
    return false;
  });
  return out;
}
