/**
 * What an import will create, for the user to check before creating it: counts, the sections
 * with their levels, characters and placeholders, and every dropped line with the rule that
 * dropped it (docs/import-export.md, Junk rules). Each dropped line can be restored with one
 * click: `cr-restore` with `{lines}` (input line numbers), handled by cr-import.
 */
import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DroppedLine, ImportPreview } from '../../../shared/import/index.ts';
import { LocaleController } from '../controllers/locale.ts';
import { type MessageKey, t } from '../i18n.ts';
import { previewStyles } from './cr-import-preview.styles.ts';

/** Dropped-line rules with a message of their own; any other rule name is shown as it is. */
const RULES = new Set([
  'bracketed-notice',
  'contact',
  'study-only',
  'member',
  'subscription',
  'advert',
  'credit',
  'separator',
  'blank-lines',
  'engagement',
  'anti-resale',
  'disclaimer',
  'page-meta',
  'document-notice',
  'site-link',
  'page-number',
  'footer-marker',
  'site-ui',
  'watermark',
  'front-matter',
  'back-matter',
]);

const ruleLabel = (rule: string): string => (RULES.has(rule) ? t(`import.rule.${rule}` as MessageKey) : rule);

@customElement('cr-import-preview')
export class CrImportPreview extends LitElement {
  static override styles = previewStyles;

  @property({ attribute: false }) preview: ImportPreview | null = null;
  protected readonly i18n = new LocaleController(this);

  private restore(lines: number[]): void {
    this.dispatchEvent(new CustomEvent('cr-restore', { detail: { lines }, bubbles: true, composed: true }));
  }

  private renderDropped(d: DroppedLine) {
    return html`<li>
      <span class="ln">${t('import.line', { n: d.line })}</span>
      <span class="txt">${d.text}</span>
      <span class="rule">${ruleLabel(d.rule)}</span>
      <button class="btn small restore" aria-label=${t('import.restoreLine', { n: d.line })}
        @click=${() => this.restore([d.line])}>${t('import.restore')}</button>
    </li>`;
  }

  override render() {
    const p = this.preview;
    if (!p || (p.sections.length === 0 && p.dropped.length === 0)) {
      return html`<div class="empty">
        <div class="glyph" aria-hidden="true"></div>
        <p>${t('import.previewEmpty')}</p>
      </div>`;
    }
    const dropped = p.dropped.filter((d) => d.rule !== 'blank-lines');
    const blankRuns = p.dropped.length - dropped.length;
    return html`
      <div class="stats">
        <div class="stat"><b>${p.sections.length}</b><span>${t('import.statSections')}</span></div>
        <div class="stat ${p.placeholders ? 'warn' : ''}"><b>${p.placeholders}</b><span>${t('import.statPlaceholders')}</span></div>
        <div class="stat ${dropped.length ? 'drop' : ''}"><b>${dropped.length}</b><span>${t('import.statDropped')}</span></div>
      </div>
      ${
        dropped.length
          ? html`<h3>${t('import.dropped', { n: dropped.length })}</h3>
              <p class="hint">${t('import.droppedHint')}
                <button class="btn small link" @click=${() => this.restore(dropped.map((d) => d.line))}>
                  ${t('import.restoreAll')}
                </button>
              </p>
              <ul class="dropped" aria-label=${t('import.dropped', { n: dropped.length })}>
                ${dropped.map((d) => this.renderDropped(d))}
              </ul>`
          : html`<p class="hint">${t('import.droppedNone')}</p>`
      }
      ${blankRuns ? html`<p class="hint">${t('import.blankRuns', { n: blankRuns })}</p>` : ''}
      <h3>${t('import.outline')}</h3>
      <ol class="outline" aria-label=${t('import.outline')}>
        ${p.sections.map(
          (s) => html`<li class="lv${Math.min(Math.max(s.level, 1), 4)} ${s.kind}" data-level=${s.level}>
            <div class="row">
              <span class="lvl">${t('import.levelN', { n: s.level })}</span>
              <span class="t" title=${s.kind === 'part' ? '' : t('import.noHeading')}>${s.title}</span>
              <span class="n">${t('import.chars', { n: s.chars })}</span>
              ${s.placeholders ? html`<span class="ph">${t('import.placeholders', { n: s.placeholders })}</span>` : ''}
            </div>
            ${s.paragraphs[0] ? html`<div class="ex">${s.paragraphs[0]}</div>` : ''}
          </li>`,
        )}
      </ol>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-import-preview': CrImportPreview;
  }
}
