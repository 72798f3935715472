/**
 * Editing behaviour of the schema's tables (shared/table-nodes.ts): prosemirror-tables' cell
 * selection, arrow keys, Tab between cells, and pasting cells into a table.
 *
 * Its table fixer (appendTransaction) is kept off Yjs transactions and read-only editors: a fix is
 * a write, which a reader may not make (4403), and every client fixing the same remote table on
 * its own would add each missing cell once per client. A local edit of a table still fixes it.
 */
import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import { goToNextCell, tableEditing } from '@tiptap/pm/tables';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

export const TableEditing = Extension.create({
  name: 'tableEditing',
  addProseMirrorPlugins() {
    const editor = this.editor;
    const { spec } = tableEditing();
    const fix = spec.appendTransaction;
    return [
      new Plugin({
        ...spec,
        appendTransaction(trs, oldState, state) {
          if (!fix || !editor.isEditable || trs.some((tr) => tr.getMeta(ySyncPluginKey))) return null;
          return fix.call(this, trs, oldState, state);
        },
      }),
    ];
  },
  addKeyboardShortcuts() {
    return {
      Tab: () => goToNextCell(1)(this.editor.state, this.editor.view.dispatch),
      'Shift-Tab': () => goToNextCell(-1)(this.editor.state, this.editor.view.dispatch),
    };
  },
});
