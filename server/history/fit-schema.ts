/**
 * Stored section JSON read into the section schema without ever throwing. A body can hold content
 * the schema does not know (written by another client, or by a newer version: an `image`, say);
 * the version is still taken and stored as it was, and what history shows and diffs is this
 * reading of it: unknown nodes give way to their content, unknown marks are dropped, and a block
 * whose content still does not fit becomes a paragraph of its text.
 */
import type { Mark, Node, Schema } from '@tiptap/pm/model';

type Json = { type?: unknown; text?: unknown; content?: unknown; marks?: unknown; attrs?: unknown };

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function marksOf(json: unknown, schema: Schema): Mark[] {
  if (!Array.isArray(json)) return [];
  const out: Mark[] = [];
  for (const m of json) {
    const type = isJson(m) && typeof m.type === 'string' ? schema.marks[m.type] : undefined;
    if (!type) continue;
    try {
      const mark = type.create(isJson(m.attrs) ? m.attrs : null);
      if (!mark.isInSet(out)) out.push(mark);
    } catch {
      // An attribute the mark refuses: the text stays, unmarked.
    }
  }
  return out;
}

function nodesOf(json: unknown, schema: Schema): Node[] {
  if (!isJson(json)) return [];
  if (json.type === 'text') {
    return typeof json.text === 'string' && json.text
      ? [schema.text(json.text, marksOf(json.marks, schema))]
      : [];
  }
  const content = Array.isArray(json.content) ? json.content.flatMap((c) => nodesOf(c, schema)) : [];
  const type = typeof json.type === 'string' ? schema.nodes[json.type] : undefined;
  if (!type || type === schema.topNodeType) return content;
  try {
    return [type.create(isJson(json.attrs) ? json.attrs : null, content, marksOf(json.marks, schema))];
  } catch {
    return content;
  }
}

/** `node` if it checks, else a paragraph of its text (nothing when it has none). */
function checked(node: Node, schema: Schema): Node[] {
  try {
    node.check();
    return [node];
  } catch {
    const text = node.textContent;
    return text ? [schema.nodes.paragraph!.create(null, schema.text(text))] : [];
  }
}

/** `json` as a document of `schema`, whatever it holds. */
export function fitToSchema(json: unknown, schema: Schema): Node {
  const blocks: Node[] = [];
  let inline: Node[] = [];
  const flush = () => {
    if (inline.length) blocks.push(...checked(schema.nodes.paragraph!.create(null, inline), schema));
    inline = [];
  };
  const top = isJson(json) && Array.isArray(json.content) ? json.content : [];
  for (const node of top.flatMap((c) => nodesOf(c, schema))) {
    if (node.isInline) inline.push(node);
    else {
      flush();
      blocks.push(...checked(node, schema));
    }
  }
  flush();
  return schema.topNodeType.create(null, blocks);
}
