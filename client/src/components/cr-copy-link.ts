/** A link shown once (invite, reset), read-only and selectable, with a 复制 button. */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LocaleController } from '../controllers/locale.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';

@customElement('cr-copy-link')
export class CrCopyLink extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        gap: 6px;
        margin: 4px 0 8px;
      }
      .input {
        flex: 1;
        min-width: 0;
        height: 30px;
        font-family: ui-monospace, monospace;
        font-size: 12px;
      }
    `,
  ];

  @property() url = '';
  @state() private copied = false;
  protected readonly i18n = new LocaleController(this);

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.url);
      this.copied = true;
    } catch {
      // No clipboard permission (plain http off localhost): the field is selected for Ctrl+C instead.
      this.renderRoot.querySelector('input')?.select();
    }
  }

  override render() {
    return html`<input class="input" readonly aria-label=${t('admin.linkLabel')} .value=${this.url}
        @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
      <button class="btn small" type="button" @click=${this.copy}>${this.copied ? t('admin.copied') : t('admin.copy')}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-copy-link': CrCopyLink;
  }
}
