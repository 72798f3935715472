/**
 * The pending suggestions (修订) of one section, under its editor: who proposed what and when,
 * outdated ones flagged; accept/reject each, or all of one person's, for the section's assignees
 * and leaders; the suggester may withdraw their own. Read live from the server-written root.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type * as Y from 'yjs';
import { type Role, SECTIONS, type SectionInfo, SUGGESTIONS } from '../../../shared/layout.ts';
import { isOutdated, readSuggestions, type Suggestion } from '../../../shared/suggestions.ts';
import { userColor } from '../../../shared/user-color.ts';
import { ApiError, type Member } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { cssProps } from '../css-props.ts';
import { suggestApi } from '../doc/suggest-api.ts';
import { formatMoment } from '../format.ts';
import { t } from '../i18n.ts';
import { memberName } from '../members.ts';
import { base } from '../styles.ts';

type Row = Suggestion & { outdated: boolean };

@customElement('cr-suggestions')
export class CrSuggestions extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; margin-top: 10px; }
      h4 { margin: 0 0 6px; font-size: 13px; font-weight: 600; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
      li { border-left: 3px solid var(--sugg-color, #888); padding: 4px 8px; background: var(--cr-bg, #f8f9fa); border-radius: 4px; font-size: 13px; }
      li.outdated { opacity: 0.7; }
      .who { color: var(--cr-muted, #666); font-size: 12px; }
      .what { margin: 2px 0; word-break: break-word; }
      .flag { color: #b45309; font-size: 12px; }
      .row { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
      .all { margin-top: 6px; }
    `,
  ];

  @property({ attribute: false }) doc: Y.Doc | null = null;
  @property({ attribute: false }) section!: SectionInfo;
  @property({ attribute: false }) members: Member[] = [];
  @property() reportId = '';
  @property() myRole: Role | null = null;
  @property() userId: string | null = null;

  @state() private rows: Row[] = [];
  @state() private busy = false;
  @state() private error: string | null = null;
  protected readonly i18n = new LocaleController(this);
  private unobserve: (() => void) | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unobserve?.();
    this.unobserve = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.doc) this.observe();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('doc')) this.observe();
    if (changed.has('section')) this.read();
  }

  private observe(): void {
    this.unobserve?.();
    const doc = this.doc;
    if (!doc) return;
    // Any change may add, remove or outdate one of this section's suggestions.
    const read = () => this.read();
    doc.on('afterTransaction', read);
    this.unobserve = () => doc.off('afterTransaction', read);
    this.read();
  }

  private read(): void {
    const doc = this.doc;
    if (!doc || !this.section || !doc.share.has(SUGGESTIONS)) {
      if (this.rows.length) this.rows = [];
      return;
    }
    const rows = readSuggestions(doc)
      .filter((s) => s.sectionId === this.section.id)
      .map((s) => ({ ...s, outdated: isOutdated(doc, s) }));
    if (JSON.stringify(rows) !== JSON.stringify(this.rows)) this.rows = rows;
  }

  /** Leaders decide anywhere; assignees while the section is not approved (as the server rules). */
  private get mayDecide(): boolean {
    const status = this.doc?.getMap<Y.Map<unknown>>(SECTIONS).get(this.section.id)?.get('status');
    const mine = this.userId !== null && this.section.assignees.includes(this.userId);
    return this.myRole === 'leader' || (mine && (status ?? this.section.status) !== 'approved');
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await action();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private describe(s: Row): string {
    if (!s.anchor) return t('suggest.append', { text: s.replacement });
    if (!s.quote) return t('suggest.insert', { text: s.replacement });
    if (!s.replacement) return t('suggest.delete', { quote: s.quote });
    return t('suggest.replace', { quote: s.quote, text: s.replacement });
  }

  private renderRow(s: Row) {
    const decide = this.mayDecide;
    const name = memberName(this.members, s.author);
    return html`<li class=${s.outdated ? 'outdated' : ''} data-suggestion=${s.id} ${cssProps({ '--sugg-color': userColor(s.author) })}>
      <div class="who">${t('suggest.by', { name, time: formatMoment(s.createdAt) })}</div>
      <div class="what">${this.describe(s)}</div>
      ${s.outdated ? html`<div class="flag">${t('suggest.outdated')}</div>` : ''}
      <div class="row">
        ${
          decide && !s.outdated
            ? html`<button class="btn small primary accept" ?disabled=${this.busy} @click=${() =>
                this.run(() => suggestApi.accept(this.reportId, s.id))}>${t('suggest.accept')}</button>`
            : ''
        }
        ${
          decide || s.author === this.userId
            ? html`<button class="btn small reject" ?disabled=${this.busy} @click=${() =>
                this.run(() => suggestApi.reject(this.reportId, s.id))}>${
                decide ? t('suggest.reject') : t('suggest.withdraw')
              }</button>`
            : ''
        }
      </div>
    </li>`;
  }

  override render() {
    if (this.rows.length === 0) return '';
    const authors = [...new Set(this.rows.map((s) => s.author))];
    const all = (action: 'accept' | 'reject', author: string) =>
      this.run(() => suggestApi.decideAll(this.reportId, action, author, this.section.id));
    return html`
      <h4>${t('suggest.title', { n: this.rows.length })}</h4>
      <ul>${this.rows.map((s) => this.renderRow(s))}</ul>
      ${
        this.mayDecide
          ? authors.map((a) => {
              const name = memberName(this.members, a);
              return html`<div class="row all">
                <button class="btn small accept-all" ?disabled=${this.busy} @click=${() => all('accept', a)}>${t('suggest.acceptAll', { name })}</button>
                <button class="btn small reject-all" ?disabled=${this.busy} @click=${() => all('reject', a)}>${t('suggest.rejectAll', { name })}</button>
              </div>`;
            })
          : ''
      }
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-suggestions': CrSuggestions;
  }
}
