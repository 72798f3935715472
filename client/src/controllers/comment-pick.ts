/**
 * The 评论 button beside a selection in a section's text: follows `selectionchange`, placed relative
 * to the section body, and turned into a `cr-comment-start` draft when clicked.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SectionEditorController } from './section-editor.ts';

export interface Pick {
  anchor: { start: string; end: string };
  quote: string;
  /** Where the button goes, in the body's coordinates. */
  x: number;
  y: number;
}

export class CommentPick implements ReactiveController {
  /** The current selection's button, or null. */
  pick: Pick | null = null;
  private readonly onSelectionChange = () => this.update();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly body: SectionEditorController,
    private readonly context: () => { canComment: boolean; bodyBox: DOMRect | null; sectionId: string },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('selectionchange', this.onSelectionChange);
  }

  hostDisconnected(): void {
    document.removeEventListener('selectionchange', this.onSelectionChange);
  }

  private set(pick: Pick | null): void {
    this.pick = pick;
    this.host.requestUpdate();
  }

  private update(): void {
    const { canComment, bodyBox: box } = this.context();
    const sel = canComment ? this.body.selection() : null;
    if (!sel || !box) {
      if (this.pick) this.set(null);
      return;
    }
    const r = sel.rect;
    this.set({
      anchor: sel.anchor,
      quote: sel.quote,
      x: r ? Math.min(r.right - box.left, box.width - 60) : box.width - 60,
      y: r ? r.bottom - box.top + 6 : 0,
    });
  }

  /** The button was clicked: the host's report opens a draft for the selection. */
  start(): void {
    const pick = this.pick;
    if (!pick) return;
    this.set(null);
    this.host.dispatchEvent(
      new CustomEvent('cr-comment-start', {
        detail: { sectionId: this.context().sectionId, anchor: pick.anchor, quote: pick.quote },
        bubbles: true,
        composed: true,
      }),
    );
  }
}
