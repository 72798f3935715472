/**
 * Parsed blocks → a section body in the editor's schema (Tiptap StarterKit, as y-tiptap stores it):
 * `paragraph` and `heading` (attr `level`) elements holding one Y.XmlText whose `bold`/`italic`
 * formatting attributes are the marks (value `{}`, the mark's attrs, as y-tiptap writes them);
 * lists as `bulletList`/`orderedList` > `listItem` > `paragraph`; tables as `table` > `tableRow` >
 * `tableCell`/`tableHeader` (attrs `colspan`, `rowspan`, as y-tiptap writes them) > `paragraph`.
 */
import * as Y from 'yjs';
import type { Block, Run, TableCell } from '../../shared/import/types.ts';
import { bodyRoot } from '../../shared/layout.ts';

function textblock(name: string, runs: Run[], attrs: Record<string, unknown> = {}): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value as string);
  const text = new Y.XmlText();
  let at = 0;
  for (const run of runs) {
    // Explicit attributes every time: without them Yjs lets the text inherit the marks before it.
    const marks: Record<string, object | null> = {
      bold: run.bold ? {} : null,
      italic: run.italic ? {} : null,
    };
    text.insert(at, run.text, marks);
    at += run.text.length;
  }
  if (runs.length) el.insert(0, [text]);
  return el;
}

function tableCell(cell: TableCell): Y.XmlElement {
  const el = new Y.XmlElement(cell.header ? 'tableHeader' : 'tableCell');
  el.setAttribute('colspan', (cell.colspan ?? 1) as unknown as string);
  el.setAttribute('rowspan', (cell.rowspan ?? 1) as unknown as string);
  // A cell holds at least one paragraph (the schema's `paragraph+`).
  const paragraphs = cell.paragraphs.length ? cell.paragraphs : [[]];
  el.insert(
    0,
    paragraphs.map((runs) => textblock('paragraph', runs)),
  );
  return el;
}

function table(rows: TableCell[][]): Y.XmlElement {
  const el = new Y.XmlElement('table');
  el.insert(
    0,
    rows.map((cells) => {
      const row = new Y.XmlElement('tableRow');
      row.insert(0, cells.map(tableCell));
      return row;
    }),
  );
  return el;
}

/** The Yjs element for one block. */
export function blockElement(block: Block): Y.XmlElement {
  if (block.type === 'paragraph') return textblock('paragraph', block.runs);
  if (block.type === 'heading') return textblock('heading', block.runs, { level: block.level });
  if (block.type === 'table') return table(block.rows);
  const list = new Y.XmlElement(block.ordered ? 'orderedList' : 'bulletList');
  list.insert(
    0,
    block.items.map((runs) => {
      const item = new Y.XmlElement('listItem');
      item.insert(0, [textblock('paragraph', runs)]);
      return item;
    }),
  );
  return list;
}

/** Appends blocks to a section body (server-side, inside `room.change`). */
export function appendBlocks(doc: Y.Doc, sectionId: string, blocks: Block[]): void {
  if (blocks.length) doc.getXmlFragment(bodyRoot(sectionId)).push(blocks.map(blockElement));
}
