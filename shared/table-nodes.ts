/**
 * Table nodes of the section schema, written over prosemirror-tables (`@tiptap/pm/tables`):
 * `@tiptap/extension-table` has no release at the pinned Tiptap version. The names and attributes
 * are Tiptap's (`table` > `tableRow` > `tableCell` | `tableHeader`, `colspan`, `rowspan`,
 * `colwidth`), so a table written by a stock Tiptap editor fits. Cells hold paragraphs only: what a
 * 公文 table holds, and what the .docx export and import carry cell by cell.
 */
import { Extension, Node } from '@tiptap/core';

/** prosemirror-tables finds its node types by this spec field. */
const ROLES: Record<string, string> = {
  table: 'table',
  tableRow: 'row',
  tableCell: 'cell',
  tableHeader: 'header_cell',
};

/** Puts `tableRole` on the table nodes' specs (Tiptap copies only the fields it knows). */
const TableRoles = Extension.create({
  name: 'tableRoles',
  extendNodeSchema: (extension) => (ROLES[extension.name] ? { tableRole: ROLES[extension.name] } : {}),
});

/** A span from HTML: a whole number from 1 to 100 (Word writes spans; hostile HTML may not). */
const span = (value: string | null) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : 1;
};

const isSpan = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 100;
const isColwidth = (v: unknown) =>
  v === null || (Array.isArray(v) && v.length <= 100 && v.every((w) => typeof w === 'number' && w >= 0));

function cell(name: 'tableCell' | 'tableHeader', tag: 'td' | 'th') {
  return Node.create({
    name,
    content: 'paragraph+',
    isolating: true,
    addAttributes: () => ({
      colspan: { default: 1, validate: isSpan, parseHTML: (el) => span(el.getAttribute('colspan')) },
      rowspan: { default: 1, validate: isSpan, parseHTML: (el) => span(el.getAttribute('rowspan')) },
      colwidth: {
        default: null,
        validate: isColwidth,
        parseHTML: (el) => {
          const widths = (el.getAttribute('data-colwidth') ?? '').split(',').map(Number);
          return widths.length === span(el.getAttribute('colspan')) && widths.every((w) => w > 0)
            ? widths
            : null;
        },
        renderHTML: (attrs) => (attrs.colwidth ? { 'data-colwidth': attrs.colwidth.join(',') } : {}),
      },
    }),
    parseHTML: () => [{ tag }],
    renderHTML: ({ HTMLAttributes }) => [tag, HTMLAttributes, 0],
  });
}

const Table = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  isolating: true,
  parseHTML: () => [{ tag: 'table' }],
  renderHTML: ({ HTMLAttributes }) => ['table', HTMLAttributes, ['tbody', 0]],
});

const TableRow = Node.create({
  name: 'tableRow',
  content: '(tableCell | tableHeader)*',
  parseHTML: () => [{ tag: 'tr' }],
  renderHTML: ({ HTMLAttributes }) => ['tr', HTMLAttributes, 0],
});

/** The schema-defining table extensions (editing behaviour is the editor's: table-editing.ts). */
export const tableExtensions = () => [
  TableRoles,
  Table,
  TableRow,
  cell('tableCell', 'td'),
  cell('tableHeader', 'th'),
];
