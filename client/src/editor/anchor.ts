/**
 * Turn a selected ProseMirror range into a comment anchor: two Yjs relative positions in the
 * section's fragment (base64, as the API takes them) plus the quoted text.
 */
import type { EditorState } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { encodeAnchor } from '../doc/comments.ts';

/** The API caps quotes at 500 characters. */
const QUOTE_MAX = 500;

/** What a new thread needs from the editor. */
export interface NewAnchor {
  anchor: { start: string; end: string };
  quote: string;
}

/**
 * Anchor for `from..to`, or null when the editor is not bound or the range holds no text.
 * The start sticks to the first quoted character (y-tiptap's positions stick to the one
 * before), so text typed just before the range stays outside it.
 */
export function anchorOf(state: EditorState, from: number, to: number): NewAnchor | null {
  const y = ySyncPluginKey.getState(state);
  if (!y?.binding || from >= to) return null;
  const quote = state.doc.textBetween(from, to, '\n').trim();
  if (!quote) return null;
  let start: Y.RelativePosition = absolutePositionToRelativePosition(from, y.type, y.binding.mapping);
  const end: Y.RelativePosition = absolutePositionToRelativePosition(to, y.type, y.binding.mapping);
  const abs = Y.createAbsolutePositionFromRelativePosition(start, y.doc);
  if (abs && abs.type instanceof Y.XmlText)
    start = Y.createRelativePositionFromTypeIndex(abs.type, abs.index, 0);
  const cut = quote.length > QUOTE_MAX ? `${quote.slice(0, QUOTE_MAX - 1)}…` : quote;
  return { anchor: { start: encodeAnchor(start), end: encodeAnchor(end) }, quote: cut };
}

/**
 * The non-empty range the user has selected in `view`, read from the DOM: read-only editors
 * do not keep their state's selection in step with what is selected on screen.
 */
export function selectedRange(view: EditorView): { from: number; to: number } | null {
  const root = view.root as (Document | ShadowRoot) & { getSelection?: () => Selection | null };
  const sel = root.getSelection?.() ?? document.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const { anchorNode, focusNode } = sel;
  if (!anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode))
    return null;
  try {
    const a = view.posAtDOM(anchorNode, sel.anchorOffset);
    const b = view.posAtDOM(focusNode, sel.focusOffset);
    return a === b ? null : { from: Math.min(a, b), to: Math.max(a, b) };
  } catch {
    // A node outside the document content (a widget, a caret label).
    return null;
  }
}
