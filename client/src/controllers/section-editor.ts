/**
 * Lifecycle of one section's Tiptap editor: bind it to `body:<sid>` behind the schema guard,
 * keep editability and language in step, and tear it down when the host really leaves the page
 * (a keyed reorder disconnects and reconnects in the same task; the editor survives that).
 */
import type { Editor } from '@tiptap/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { bodyRoot } from '../../../shared/layout.ts';
import { fragmentText } from '../../../shared/progress.ts';
import type { Suggestion } from '../../../shared/suggestions.ts';
import { forkDoc, forkSuggestions } from '../doc/scratch-diff.ts';
import { anchorOf, type NewAnchor, selectedRange } from '../editor/anchor.ts';
import { type CommentRange, commentHighlightKey, REFRESH } from '../editor/comment-highlight.ts';
import { createSectionEditor } from '../editor/create-editor.ts';
import { placeholderRanges } from '../editor/placeholder-highlight.ts';
import { misfit } from '../editor/schema-guard.ts';
import { lang, t } from '../i18n.ts';

/** What the editor is bound to, read from the host each time it binds. */
export interface SectionEditorTarget {
  element: HTMLElement | null;
  doc: Y.Doc | null;
  awareness: Awareness | null;
  sectionId: string;
  title: string;
  /** Whether the user may write here (content errors aside). */
  writable: boolean;
  /** Comment ranges to highlight. */
  comments: CommentRange[];
  /** A highlighted comment was clicked. */
  onSelectThread: (id: string) => void;
  /** "name · time" shown on a suggestion. */
  suggestionLabel: (s: Suggestion) => string;
}

type Host = ReactiveControllerHost & HTMLElement;

export class SectionEditorController implements ReactiveController {
  /** A message when the body cannot be shown in the editor. */
  error: string | null = null;
  /** Plain text shown instead of the editor when the body does not fit the schema. */
  fallbackText: string | null = null;
  private editor: Editor | null = null;
  private unguard: (() => void) | null = null;
  private lang = lang();
  /** The scratch fork the editor is bound to in the 建议修改 mode. */
  private scratch: { fork: Y.Doc; stop: () => void } | null = null;

  constructor(
    private readonly host: Host,
    private readonly target: () => SectionEditorTarget,
  ) {
    host.addController(this);
  }

  /** The editor, while one is mounted. */
  get instance(): Editor | null {
    return this.editor;
  }

  /** True once bound: with an editor, or with the read-only fallback. */
  get bound(): boolean {
    return this.unguard !== null;
  }

  get editable(): boolean {
    return (this.scratch !== null || this.target().writable) && this.error === null;
  }

  /** In the 建议修改 mode: the editor edits a scratch fork, nothing reaches the server. */
  get suggesting(): boolean {
    return this.scratch !== null;
  }

  /** Enter or leave the 建议修改 mode (leaving drops the fork and whatever was typed in it). */
  setSuggesting(on: boolean): void {
    const doc = this.target().doc;
    if (on === this.suggesting || (on && !doc)) return;
    this.scratch?.stop();
    this.scratch = on && doc ? forkDoc(doc) : null;
    this.bind();
  }

  /** The suggestions the scratch edits amount to. */
  scratchSuggestions(): ReturnType<typeof forkSuggestions> {
    const doc = this.target().doc;
    if (!doc || !this.scratch) return { suggestions: [], unsupported: false };
    return forkSuggestions(doc, this.scratch.fork, this.target().sectionId);
  }

  hostConnected(): void {
    // Back on the page after a real removal (not a reorder): bind again once rendered.
    const { doc, element } = this.target();
    if (!this.bound && doc && element) this.bind();
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (!this.host.isConnected) this.unbind();
    });
  }

  /** After each host update: bind when needed, else follow editability and language. */
  sync(rebind: boolean): void {
    if (rebind || (!this.bound && this.target().doc && this.host.isConnected)) this.bind();
    else if (this.editor && this.editor.isEditable !== this.editable)
      this.editor.setEditable(this.editable, false);
    else if (this.editor && this.lang !== lang()) {
      // Re-run decoration props (the empty-section hint) in the new language; no transaction.
      this.editor.view.updateState(this.editor.state);
    }
    this.lang = lang();
  }

  /** Bind to the target's fragment, or show the fallback when its content does not fit. */
  bind(): void {
    this.unbind();
    const { element, sectionId } = this.target();
    const doc = this.scratch?.fork ?? this.target().doc;
    if (!doc || !element) return;
    const fragment = doc.getXmlFragment(bodyRoot(sectionId));
    // Registered before the editor's own observer, so it runs first on every remote change.
    const guard = (_events: unknown, tx: Y.Transaction) => {
      if (tx.local) return;
      const bad = misfit(fragment) !== null;
      if (bad && this.editor) this.unfit(fragment);
      else if (bad) this.setFallback(fragmentText(fragment));
      // Fixed by someone else: mount the editor again, outside this observer call.
      else if (!this.editor) queueMicrotask(() => this.bind());
    };
    fragment.observeDeep(guard);
    this.unguard = () => fragment.unobserveDeep(guard);
    if (misfit(fragment) !== null) {
      this.unfit(fragment);
      return;
    }
    this.error = null;
    this.fallbackText = null;
    this.editor = this.create(element, doc);
    this.host.requestUpdate();
  }

  unbind(): void {
    if (this.scratch && !this.host.isConnected) {
      this.scratch.stop();
      this.scratch = null;
    }
    this.unguard?.();
    this.unguard = null;
    this.editor?.destroy();
    this.editor = null;
    this.fallbackText = null;
    this.target().element?.replaceChildren();
  }

  /** Placeholder ranges in the current text, in order. */
  placeholders(): { from: number; to: number }[] {
    return this.editor ? placeholderRanges(this.editor.state.doc) : [];
  }

  /** Select a range and bring it into view. */
  reveal(range: { from: number; to: number }): void {
    const editor = this.editor;
    if (!editor) return;
    editor.chain().setTextSelection(range).scrollIntoView().run();
    if (editor.isEditable) editor.commands.focus();
    else editor.view.domAtPos(range.from).node.parentElement?.scrollIntoView({ block: 'center' });
  }

  /** Recompute the comment highlights from their anchors (after threads or the selection changed). */
  refreshComments(): void {
    const editor = this.editor;
    if (editor && !editor.isDestroyed)
      editor.view.dispatch(editor.state.tr.setMeta(commentHighlightKey, REFRESH));
  }

  /** The text selected in this editor as a comment anchor, with where it ends on screen. */
  selection(): (NewAnchor & { rect: DOMRect | null }) | null {
    const view = this.editor?.view;
    if (!view) return null;
    const range = selectedRange(view);
    const anchor = range && anchorOf(view.state, range.from, range.to);
    if (!range || !anchor) return null;
    let rect: DOMRect | null = null;
    try {
      const c = view.coordsAtPos(range.to, -1);
      rect = new DOMRect(c.left, c.top, Math.max(0, c.right - c.left), c.bottom - c.top);
    } catch {
      // Not laid out (hidden): the caller places the button by default.
    }
    return { ...anchor, rect };
  }

  /** Scroll a thread's highlighted text into view and flash it; false when it is not shown. */
  revealThread(id: string): boolean {
    const editor = this.editor;
    const span = editor && commentHighlightKey.getState(editor.state)?.spans.get(id);
    if (!editor || !span) return false;
    const marks = [...editor.view.dom.querySelectorAll<HTMLElement>(`[data-thread="${CSS.escape(id)}"]`)];
    marks[0]?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    // Web Animations, not a class: ProseMirror observes attribute changes in its DOM.
    for (const el of marks) {
      el.animate(
        [{ backgroundColor: 'rgb(250 204 21 / 85%)' }, { backgroundColor: 'rgb(250 204 21 / 0%)' }],
        { duration: 1400, easing: 'ease-out' },
      );
    }
    return true;
  }

  private create(element: HTMLElement, doc: Y.Doc): Editor {
    const { awareness, sectionId, title } = this.target();
    const real = this.target().doc ?? doc;
    return createSectionEditor({
      element,
      doc,
      // Carets from the fork would point at text nobody else has.
      awareness: this.scratch ? null : awareness,
      suggesting: this.scratch !== null,
      suggestions: { doc: real, label: (s) => this.target().suggestionLabel(s) },
      sectionId,
      editable: this.editable,
      label: t('section.editorLabel', { title }),
      emptyHint: () => (this.editable ? t('section.emptyHint') : t('section.emptyReadonly')),
      comments: () => this.target().comments,
      onSelectThread: (id) => this.target().onSelectThread(id),
      onInvalid: (error) => {
        console.error('coreport: section content does not fit the schema', sectionId, error);
        this.error = t('section.contentError');
        this.host.requestUpdate();
      },
    });
  }

  /** Content the editor cannot show: take the editor down before y-tiptap "repairs" it. */
  private unfit(fragment: Y.XmlFragment): void {
    console.error(
      'coreport: section body does not fit the editor schema',
      this.target().sectionId,
      misfit(fragment),
    );
    this.editor?.destroy();
    this.editor = null;
    this.target().element?.replaceChildren();
    this.error = t('section.contentError');
    this.setFallback(fragmentText(fragment));
  }

  private setFallback(text: string): void {
    this.fallbackText = text;
    this.host.requestUpdate();
  }
}
