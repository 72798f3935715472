/**
 * Checks, without writing anything, that a section body fits the editor schema.
 *
 * y-tiptap repairs content it cannot map to the schema by DELETING it from the Y.Doc (see
 * createNodeFromYElement / createTextNodesFromYText). For a writer that silently destroys a
 * colleague's text; for a reader it is a write the server refuses (4403, reconnect loop). So
 * the section editor is mounted only over content that fits, and taken down before y-tiptap
 * sees remote content that does not (see cr-section).
 */
import type { Mark, Node as PMNode, Schema } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { sectionSchema } from '../../../shared/section-schema.ts';

/**
 * Attributes the schema does not define (`onerror`, `style`…) are dropped when the node is
 * drawn, and y-tiptap deletes them from the Y.Doc on the next edit: report them instead.
 */
function knownAttributes(given: object | null, spec: object | undefined, what: string): void {
  for (const name of Object.keys(given ?? {}))
    if (!spec || !Object.hasOwn(spec, name)) throw new Error(`unknown attribute ${name} on ${what}`);
}

function textNodes(text: Y.XmlText, schema: Schema): PMNode[] {
  const out: PMNode[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string') throw new Error('embedded object in text');
    // Overlapping marks are stored as `name--hash` (y-prosemirror's yattr2markname).
    const marks: Mark[] = Object.entries(op.attributes ?? {}).map(([key, attrs]) => {
      const type = schema.marks[key.split('--')[0]!];
      if (!type) throw new Error(`unknown mark ${key}`);
      const given = (attrs ?? null) as Record<string, unknown> | null;
      knownAttributes(given, type.spec.attrs, `mark ${type.name}`);
      return type.create(given);
    });
    if (op.insert.length > 0) out.push(schema.text(op.insert, marks));
  }
  return out;
}

function children(parent: Y.XmlFragment | Y.XmlElement, schema: Schema): PMNode[] {
  const out: PMNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) out.push(...textNodes(child, schema));
    else if (child instanceof Y.XmlElement) {
      const type = schema.nodes[child.nodeName];
      if (!type) throw new Error(`unknown node ${child.nodeName}`);
      knownAttributes(child.getAttributes(), type.spec.attrs, `node ${child.nodeName}`);
      out.push(type.createChecked(child.getAttributes(), children(child, schema)));
    } else throw new Error('unsupported Yjs type in body');
  }
  return out;
}

/** Null when `fragment` maps onto `schema` as y-tiptap would render it, else what does not fit. */
export function misfit(fragment: Y.XmlFragment, schema: Schema = sectionSchema()): string | null {
  try {
    // An empty fragment renders as the schema's default empty document.
    if (fragment.length === 0) return null;
    schema.topNodeType.createChecked(null, children(fragment, schema)).check();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
