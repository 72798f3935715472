/**
 * 分工 in the import preview: one writer to pick per detected section, before the report is created
 * (cr-import applies them after creating it, doc/import-assign.ts). Fires `cr-pick` with
 * `{key, userId}` ('' = nobody yet).
 */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { cssProps } from '../css-props.ts';
import { pickKey } from '../doc/import-assign.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';

@customElement('cr-import-assign')
export class CrImportAssign extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        font-size: 13px;
      }
      h3 {
        font-size: 14px;
        margin: 8px 0 2px;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 4px 0 4px var(--indent, 0px);
        border-bottom: 1px solid var(--cr-border);
      }
      .name {
        flex: 1;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      select.input {
        width: 150px;
        height: 28px;
        padding: 0 4px;
      }
    `,
  ];

  @property({ attribute: false }) sections: { title: string; level: number }[] = [];
  @property({ attribute: false }) people: User[] = [];
  @property({ attribute: false }) picks: ReadonlyMap<string, string> = new Map();
  protected readonly i18n = new LocaleController(this);

  private pick(key: string, userId: string): void {
    this.dispatchEvent(new CustomEvent('cr-pick', { detail: { key, userId } }));
  }

  override render() {
    return html`<h3>${t('import.assignTitle')}</h3>
      <p class="muted">${t('import.assignHint')}</p>
      <div role="group" aria-label=${t('import.assignTitle')}>
        ${this.sections.map((s, i) => {
          const key = pickKey(i, s.title);
          const chosen = this.picks.get(key) ?? '';
          const level = Math.min(Math.max(s.level, 1), 4);
          return html`<div class="row" ${cssProps({ '--indent': `${(level - 1) * 12}px` })}>
            <span class="name" title=${s.title}>${s.title}</span>
            <select class="input" aria-label=${t('import.assigneeOf', { title: s.title })}
              @change=${(e: Event) => this.pick(key, (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${chosen === ''}>${t('import.nobody')}</option>
              ${this.people.map((u) => html`<option value=${u.id} ?selected=${chosen === u.id}>${u.displayName || u.username}</option>`)}
            </select>
          </div>`;
        })}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-import-assign': CrImportAssign;
  }
}
