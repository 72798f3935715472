/**
 * Editing behaviour of the schema's tables (shared/table-nodes.ts): prosemirror-tables' cell
 * selection, arrow keys, Tab between cells, and pasting cells into a table.
 *
 * Its table fixer (appendTransaction, which evens out rows of unequal width) is kept off Yjs
 * transactions and read-only editors. Appended to a remote change it is not written to Yjs at once
 * (y-prosemirror's mutex skips it): the page would show a table the doc does not hold, and the
 * writer's next edit anywhere in the section would write the fix, once per writer who had the
 * section open (each adding the missing cells); a reader may not write at all (4403). A local
 * edit of a table still fixes that table.
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
