/**
 * The writer's side of a rights change (issue 12): a leader's change that will stop us writing this
 * section was announced (`closing`); count down the seconds left, then disappear.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SectionClosing } from '../../../shared/layout.ts';
import { LocaleController } from '../controllers/locale.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';

@customElement('cr-closing-notice')
export class CrClosingNotice extends LitElement {
  static override styles = [
    base,
    css`
      div {
        margin-top: 10px;
        font-size: 13px;
        padding: 8px 10px;
        border-radius: 6px;
        background: var(--cr-warn-soft);
        color: var(--cr-warn);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) closing: SectionClosing | null = null;
  protected readonly i18n = new LocaleController(this);
  private timer: ReturnType<typeof setInterval> | null = null;

  private get left(): number {
    return this.closing ? Math.max(0, Math.ceil((this.closing.until - Date.now()) / 1000)) : 0;
  }

  override updated(_changed: PropertyValues<this>): void {
    const on = this.left > 0;
    if (on && !this.timer) this.timer = setInterval(() => this.requestUpdate(), 500);
    if (!on && this.timer) this.stop();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  override render() {
    const c = this.closing;
    const n = this.left;
    if (!c || n === 0) return '';
    const key =
      c.status === 'approved'
        ? 'section.closingApproved'
        : c.status === 'submitted'
          ? 'section.closingSubmitted'
          : 'section.closingOther';
    return html`<div role="alert">${t(key, { by: c.by, n })}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-closing-notice': CrClosingNotice;
  }
}
