/** Compact progress bar: sections approved out of all, placeholders left, characters written. */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ReportProgress } from '../../../shared/progress.ts';
import { LocaleController } from '../controllers/locale.ts';
import { cssProps } from '../css-props.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';

@customElement('cr-progress')
export class CrProgress extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 10px;
        font-size: 12px;
        color: var(--cr-muted);
      }
      .bar {
        width: 140px;
        height: 6px;
        border-radius: 3px;
        background: #eceef2;
        overflow: hidden;
      }
      .bar > span {
        display: block;
        height: 100%;
        background: var(--cr-ok);
        transition: width 0.3s;
      }
      .ph {
        color: var(--cr-warn);
      }
      @media (max-width: 1000px) {
        .chars {
          display: none;
        }
      }
      @media (max-width: 600px) {
        .bar {
          display: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) totals: ReportProgress['totals'] = {
    chars: 0,
    placeholders: 0,
    sections: 0,
    approved: 0,
    suggestions: 0,
  };
  protected readonly i18n = new LocaleController(this);

  override render() {
    const { sections, approved, placeholders, chars, suggestions } = this.totals;
    const pct = sections ? Math.round((approved / sections) * 100) : 0;
    return html`
      <div
        class="bar"
        role="progressbar"
        aria-label=${t('progress.label')}
        aria-valuemin="0"
        aria-valuemax=${sections}
        aria-valuenow=${approved}
        aria-valuetext=${t('progress.approved', { approved, sections })}
      >
        <span ${cssProps({ width: `${pct}%` })}></span>
      </div>
      <span>${t('progress.approved', { approved, sections })}</span>
      <span class=${placeholders ? 'ph' : ''}>${t('progress.placeholders', { n: placeholders })}</span>
      ${suggestions ? html`<span class="ph sugg">${t('progress.suggestions', { n: suggestions })}</span>` : ''}
      <span class="chars">${t('progress.chars', { n: chars })}</span>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-progress': CrProgress;
  }
}
