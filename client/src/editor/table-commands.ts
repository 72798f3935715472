/** A new table for the section bar (rows and columns: prosemirror-tables' own commands). */
import type { Command } from '@tiptap/pm/state';
import { TextSelection } from '@tiptap/pm/state';
import { isInTable } from '@tiptap/pm/tables';

/** A `rows` × `cols` table, its first row header cells, the caret in its first cell; false inside a table. */
export function insertTable(rows = 3, cols = 3): Command {
  return (state, dispatch) => {
    const { table, tableRow, tableCell, tableHeader } = state.schema.nodes;
    if (!table || !tableRow || !tableCell || !tableHeader || isInTable(state)) return false;
    const row = (cell: typeof tableCell) =>
      tableRow.create(
        null,
        Array.from({ length: cols }, () => cell.createAndFill()!),
      );
    const node = table.create(null, [
      row(tableHeader),
      ...Array.from({ length: rows - 1 }, () => row(tableCell)),
    ]);
    if (dispatch) {
      const from = state.selection.from;
      const tr = state.tr.replaceSelectionWith(node);
      let at = -1;
      tr.doc.nodesBetween(tr.mapping.map(from, -1), tr.doc.content.size, (n, pos) => {
        if (at < 0 && n.type === table) at = pos;
        return at < 0;
      });
      if (at >= 0) tr.setSelection(TextSelection.near(tr.doc.resolve(at + 3)));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}
