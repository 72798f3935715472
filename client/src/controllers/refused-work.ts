/**
 * The words of one report the server would not or could not store, kept for their author: after a
 * refusal (4403) what the refused doc held that the server lacks, after the report went away (4404)
 * what the server never acknowledged. Kept in localStorage until the user dismisses each one.
 */
import type { ReactiveControllerHost } from 'lit';
import type * as Y from 'yjs';
import { META } from '../../../shared/layout.ts';
import {
  GONE_REPORTS,
  loadRefused,
  type RefusedText,
  refusedTexts,
  saveRefused,
  unsavedTexts,
} from '../doc/refused-text.ts';

export class RefusedWork {
  /** Kept texts of the open report, oldest first. */
  items: RefusedText[] = [];
  private userId = '';
  private reportId = '';

  constructor(private readonly host: ReactiveControllerHost) {}

  open(userId: string, reportId: string): void {
    this.userId = userId;
    this.reportId = reportId;
    this.items = loadRefused(userId, reportId);
  }

  /** The user has dealt with a text (copied it elsewhere): forget it. */
  dismiss(item: RefusedText): void {
    this.items = this.items.filter((r) => r !== item);
    saveRefused(this.userId, this.reportId, this.items);
    this.host.requestUpdate();
  }

  /**
   * Keeps what the refused doc (`refusedState`) held that `server` (a doc synced since) lacks, and
   * fires `cr-refused-text` {sectionId, text} on the host for each: a hook for other ways of
   * offering it (e.g. as a suggestion to the section's owner).
   */
  keep(refusedState: Uint8Array, reason: string, server: Y.Doc): void {
    const at = Date.now();
    const found = refusedTexts(refusedState, server).map((r) => ({ ...r, reason, at }));
    this.items = [...this.items, ...found];
    saveRefused(this.userId, this.reportId, this.items);
    const target = this.host as unknown as Partial<EventTarget>;
    for (const r of found) {
      target.dispatchEvent?.(
        new CustomEvent('cr-refused-text', {
          detail: { sectionId: r.sectionId, text: r.text },
          bubbles: true,
          composed: true,
        }),
      );
    }
    this.host.requestUpdate();
  }

  /** The report is gone: keep what the server never acknowledged (`acked`) for the report list. */
  keepGone(doc: Y.Doc, acked: Map<number, number>, reason: string): void {
    const report = String(doc.getMap(META).get('title') ?? '');
    const at = Date.now();
    const found = unsavedTexts(doc, acked).map((r) => ({
      ...r,
      title: report ? `${report} · ${r.title}` : r.title,
      reason,
      at,
    }));
    if (found.length === 0) return;
    saveRefused(this.userId, GONE_REPORTS, [...loadRefused(this.userId, GONE_REPORTS), ...found]);
  }
}
