/**
 * The editor side of paste-clean.ts: clipboard and drop HTML is cleaned as a string before
 * ProseMirror parses it, and the styles set aside are put back just before the schema parser
 * reads them.
 */
import { Extension } from '@tiptap/core';
import { DOMParser, type ParseOptions, type Schema } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { cleanPastedHtml, restoreStyles } from './paste-clean.ts';

/** The schema's clipboard parser, reading restored styles (bold, italic… given by CSS). */
class StyleRestoringParser extends DOMParser {
  override parseSlice(dom: Node, options?: ParseOptions) {
    if (dom instanceof Element) restoreStyles(dom as HTMLElement);
    return super.parseSlice(dom, options);
  }
}

const parsers = new WeakMap<Schema, DOMParser>();

/** Tiptap extension: clipboard and drop HTML is cleaned before it is parsed. */
export const PasteGuard = Extension.create({
  name: 'pasteGuard',
  transformPastedHTML: (html: string) => cleanPastedHtml(html),
  addProseMirrorPlugins() {
    const schema = this.editor.schema;
    let parser = parsers.get(schema);
    if (!parser) {
      parser = new StyleRestoringParser(schema, DOMParser.fromSchema(schema).rules);
      parsers.set(schema, parser);
    }
    return [new Plugin({ key: new PluginKey('pasteGuard'), props: { clipboardParser: parser } })];
  },
});
