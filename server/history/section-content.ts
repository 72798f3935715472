import type { Node } from '@tiptap/pm/model';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { sectionSchema } from '../../shared/section-schema.ts';
import { fitToSchema } from './fit-schema.ts';

/** A section body as ProseMirror JSON, as a version stores it. */
export type SectionJson = { type: 'doc'; content?: unknown[] };

export const EMPTY_SECTION: SectionJson = { type: 'doc', content: [] };

/** The section's body now, as ProseMirror JSON (read only: never creates the root's content). */
export function sectionJson(doc: Y.Doc, sectionId: string): SectionJson {
  return yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(bodyRoot(sectionId))) as SectionJson;
}

/**
 * Stored JSON as a document of the section schema; throws when a block does not fit the schema. An
 * empty section (no blocks, which the schema's `block+` would refuse) is a valid version. For
 * putting a version back (restore.ts): nothing may be lost on the way.
 */
export function sectionNode(json: unknown): Node {
  const node = sectionSchema().nodeFromJSON(json);
  node.forEach((block) => {
    block.check();
  });
  return node;
}

/** Whether `json` reads into the section schema as it is (nothing unknown, every block valid). */
export function fitsSchema(json: unknown): boolean {
  try {
    sectionNode(json);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stored JSON as a document of the section schema for reading (diffs, showing a version): never
 * throws; content the schema does not know is read as fit-schema.ts says.
 */
export function readableNode(json: unknown): Node {
  try {
    return sectionNode(json);
  } catch {
    return fitToSchema(json, sectionSchema());
  }
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
