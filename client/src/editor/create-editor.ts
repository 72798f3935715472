/**
 * Build the Tiptap editor for one section body, bound to `body:<sid>` of the report's Y.Doc.
 * Content comes only from Yjs (never seeded here); StarterKit's undo/redo is off because
 * Collaboration brings its own, scoped to this fragment.
 */
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { bodyRoot } from '../../../shared/layout.ts';
import { schemaExtensions } from '../../../shared/section-schema.ts';
import type { Suggestion } from '../../../shared/suggestions.ts';
import { CommentHighlight, type CommentRange } from './comment-highlight.ts';
import { EmptyHint } from './empty-hint.ts';
import { PasteGuard } from './paste-guard.ts';
import { PlaceholderHighlight } from './placeholder-highlight.ts';
import { SafeLinkView } from './safe-link.ts';
import { SectionCaret } from './section-caret.ts';
import { lendCreateRange } from './shadow-root.ts';
import { SuggestGuard } from './suggest-guard.ts';
import { SuggestionMarks } from './suggestion-marks.ts';
import { TableEditing } from './table-editing.ts';

export interface SectionEditorOptions {
  element: HTMLElement;
  doc: Y.Doc;
  awareness: Awareness | null;
  sectionId: string;
  editable: boolean;
  label: string;
  /** Text shown in an empty section. */
  emptyHint: () => string;
  /** Called when the stored content does not fit the schema; the editor is then unusable. */
  onInvalid: (error: Error) => void;
  /** Comment ranges to highlight in this section. */
  comments: () => CommentRange[];
  /** A highlighted comment range was clicked. */
  onSelectThread: (id: string) => void;
  /** Suggestions are drawn from this (real) doc; `doc` may be a scratch fork of it. */
  suggestions: { doc: Y.Doc; label: (s: Suggestion) => string };
  /** 建议修改 mode: `doc` is a scratch fork, edits stay inside paragraphs. */
  suggesting?: boolean;
}

/** Create the editor; the caller owns it and must `destroy()` it. */
export function createSectionEditor(opts: SectionEditorOptions): Editor {
  // The root the editor will render into (a shadow root): see shadow-root.ts.
  lendCreateRange(opts.element.getRootNode() as Document | ShadowRoot);
  return new Editor({
    element: opts.element,
    // Styles live in the host's shadow root; a <style> in document.head would not reach it.
    injectCSS: false,
    editable: opts.editable,
    enableContentCheck: true,
    onContentError: ({ editor, error }) => {
      // Never call the offered disableCollaboration(): it destroys the whole Y.Doc, which is
      // shared by every section of the report. Collaboration has already stopped applying
      // remote changes to this editor (storage.isDisabled); we also stop local edits so
      // nothing derived from the mismatched view is written back, and let the host report it.
      editor.storage.collaboration.isDisabled = true;
      editor.setEditable(false, false);
      opts.onInvalid(error);
    },
    editorProps: {
      attributes: {
        'aria-label': opts.label,
        'aria-multiline': 'true',
        role: 'textbox',
        spellcheck: 'false',
      },
    },
    extensions: [
      ...schemaExtensions(),
      Collaboration.configure({ document: opts.doc, field: bodyRoot(opts.sectionId) }),
      SafeLinkView,
      TableEditing,
      PasteGuard,
      SectionCaret.configure({ awareness: opts.awareness }),
      PlaceholderHighlight,
      EmptyHint.configure({ hint: opts.emptyHint }),
      CommentHighlight.configure({ ranges: opts.comments, onSelect: opts.onSelectThread }),
      SuggestionMarks.configure({ ...opts.suggestions, sectionId: opts.sectionId }),
      ...(opts.suggesting ? [SuggestGuard] : []),
    ],
  });
}
