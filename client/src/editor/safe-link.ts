/**
 * Links may point only to http, https and mailto addresses (docs/reliability.md, Browser
 * safety). Checked twice: when HTML is parsed (paste, drop: StarterKit's Link with our
 * `isAllowedUri`), and when a link is drawn, whatever its origin. Marks written straight into
 * the Y.Doc by another client never pass through the parser, so the drawing check is the one
 * that counts: a mark view that builds the `<a>` itself, with a vetted href or none at all and
 * fixed `rel`/`target`, ignoring any other attribute the mark carries.
 */
import { Extension } from '@tiptap/core';
import type { Mark } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { isSafeHref } from '../../../shared/safe-href.ts';

/** What every drawn link carries: a new tab, no opener, no referrer, no endorsement. */
export const LINK_REL = 'noopener noreferrer nofollow';

/** The `<a>` for a link mark: the href only when safe, a title only when it is text. */
export function linkElement(mark: Mark): HTMLAnchorElement {
  const a = document.createElement('a');
  const { href, title } = mark.attrs as { href?: unknown; title?: unknown };
  if (isSafeHref(href)) {
    a.href = href;
    a.target = '_blank';
    a.rel = LINK_REL;
  } else a.dataset.unsafeHref = '';
  if (typeof title === 'string' && title) a.title = title;
  return a;
}

/** Tiptap extension: draws every `link` mark through linkElement(). */
export const SafeLinkView = Extension.create({
  name: 'safeLinkView',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('safeLinkView'),
        props: { markViews: { link: (mark) => ({ dom: linkElement(mark) }) } },
      }),
    ];
  },
});
