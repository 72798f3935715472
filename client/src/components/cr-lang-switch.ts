/** Language switch (中文 / English), stored in localStorage by i18n.setLang. */
import { css, html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LocaleController } from '../controllers/locale.ts';
import { LANGS, type Lang, lang, setLang, t } from '../i18n.ts';
import { base } from '../styles.ts';

const NAMES: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };

@customElement('cr-lang-switch')
export class CrLangSwitch extends LitElement {
  static override styles = [
    base,
    css`
      select {
        height: 28px;
        border: 1px solid var(--cr-border);
        border-radius: 6px;
        background: var(--cr-surface);
        font-size: 13px;
        padding: 0 6px;
      }
    `,
  ];

  protected readonly i18n = new LocaleController(this);

  override render() {
    return html`<select
      aria-label=${t('app.language')}
      @change=${(e: Event) => setLang((e.target as HTMLSelectElement).value as Lang)}
    >
      ${LANGS.map((l) => html`<option value=${l} ?selected=${l === lang()}>${NAMES[l]}</option>`)}
    </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-lang-switch': CrLangSwitch;
  }
}
