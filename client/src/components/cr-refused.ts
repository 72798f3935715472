/**
 * 未能保存的内容: text the server refused to store (rights changed while it was typed or offline),
 * each with its section, why, a copy button, 转为修订建议 (offers it to the section's owner as a
 * suggestion at the end of the section, then lets it go) and a dismiss button. The text is never
 * dropped silently: it stays (across reloads) until dismissed or turned into a suggestion
 * (`cr-refused-dismiss`).
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import type { RefusedText } from '../doc/refused-text.ts';
import { suggestText } from '../doc/suggest-api.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';

@customElement('cr-refused')
export class CrRefused extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      section {
        padding: 10px 20px;
        background: var(--cr-warn-soft);
        border-bottom: 1px solid var(--cr-border-strong);
        font-size: 13px;
      }
      h2 {
        font-size: 14px;
        margin: 0 0 4px;
        color: var(--cr-warn);
      }
      p {
        margin: 0 0 8px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 8px;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        min-height: 3.5em;
        font: inherit;
        resize: vertical;
      }
      .row {
        display: flex;
        gap: 8px;
        align-items: center;
        margin-top: 4px;
      }
      .reason {
        color: var(--cr-muted);
        font-size: 12px;
      }
      .row {
        flex-wrap: wrap;
      }
      .done {
        margin: 0;
        padding: 8px 20px;
        font-size: 13px;
        background: var(--cr-accent-soft);
      }
    `,
  ];

  @property({ attribute: false }) items: RefusedText[] = [];
  @property() reportId = '';
  @state() private copied: RefusedText | null = null;
  @state() private suggesting: RefusedText | null = null;
  @state() private failed: { item: RefusedText; message: string } | null = null;
  @state() private suggested = false;
  protected readonly i18n = new LocaleController(this);

  private async copy(item: RefusedText, e: Event): Promise<void> {
    const area = (e.target as HTMLElement).closest('li')?.querySelector('textarea');
    try {
      await navigator.clipboard.writeText(item.text);
    } catch {
      // No clipboard permission (or not https): select it, so Ctrl+C copies.
      area?.select();
      document.execCommand?.('copy');
    }
    this.copied = item;
  }

  private dismiss(item: RefusedText): void {
    this.dispatchEvent(
      new CustomEvent('cr-refused-dismiss', { detail: item, bubbles: true, composed: true }),
    );
  }

  /** Offers the text as a suggestion; once the server has it, the panel lets it go. */
  private async suggest(item: RefusedText): Promise<void> {
    this.suggesting = item;
    this.failed = null;
    try {
      await suggestText(this.reportId, item.sectionId, item.text);
      this.suggested = true;
      this.dismiss(item);
    } catch (err) {
      this.failed = { item, message: err instanceof ApiError ? err.message : String(err) };
    } finally {
      this.suggesting = null;
    }
  }

  override render() {
    if (this.items.length === 0)
      return this.suggested ? html`<p class="done" role="status">${t('refused.suggested')}</p>` : '';
    return html`<section role="alert" aria-labelledby="refused-title">
      <h2 id="refused-title">${t('refused.title')}</h2>
      <p>${t('refused.why')}</p>
      <ul>
        ${this.items.map(
          (item) => html`<li data-sid=${item.sectionId}>
            <strong>${t('refused.section', { title: item.title || t('section.untitled') })}</strong>
            <textarea readonly aria-label=${t('refused.title')} .value=${item.text}></textarea>
            <div class="row">
              <button class="btn small primary copy" @click=${(e: Event) => this.copy(item, e)}>
                ${this.copied === item ? t('refused.copied') : t('refused.copy')}
              </button>
              <button class="btn small suggest" ?disabled=${this.suggesting !== null} @click=${() => this.suggest(item)}>
                ${t('refused.suggest')}
              </button>
              <button class="btn small ghost dismiss" @click=${() => this.dismiss(item)}>${t('refused.dismiss')}</button>
              <span class="reason">${t('refused.reason', { reason: item.reason })}</span>
            </div>
            ${this.failed?.item === item ? html`<div class="error" role="alert">${t('refused.suggestFailed', { reason: this.failed.message })}</div>` : ''}
          </li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-refused': CrRefused;
  }
}
