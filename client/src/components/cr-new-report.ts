/**
 * The "from a template" dialog on the report list: pick 述职述廉述学报告, 年度工作总结, 调研报告
 * (shared/templates.ts) or an existing report as the starting draft, see its numbered sections
 * with the suggested writer of each, set the title, create and open it. Fires `cr-close`.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { sectionNumbers } from '../../../shared/numbering.ts';
import { countPlaceholders } from '../../../shared/placeholders.ts';
import { TEMPLATES, templateById } from '../../../shared/templates.ts';
import { ApiError, api, type ReportSummary } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { cssProps } from '../css-props.ts';
import { t } from '../i18n.ts';
import { hrefOf } from '../route.ts';
import { base, modal } from '../styles.ts';

const FROM_REPORT = 'report';
/** The template's title for this year: XXXX年度 → 2026年度; other X stay to be filled. */
const titleFor = (title: string) => title.replace('XXXX', String(new Date().getFullYear()));

@customElement('cr-new-report')
export class CrNewReport extends LitElement {
  static override styles = [
    base,
    modal,
    css`
      dialog {
        width: min(640px, 94vw);
        max-height: 92vh;
        padding: 18px 22px;
      }
      h2 {
        margin: 0 0 4px;
        font-size: 18px;
      }
      p {
        margin: 0 0 12px;
        font-size: 13px;
      }
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-bottom: 8px;
      }
      .choices label {
        display: inline-flex;
        gap: 4px;
        align-items: center;
        border: 1px solid var(--cr-border-strong);
        border-radius: 6px;
        padding: 4px 10px;
        cursor: pointer;
        font-size: 13px;
      }
      .choices label:has(input:checked) {
        border-color: var(--cr-accent);
        background: var(--cr-accent-soft);
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 13px;
        margin: 8px 0;
      }
      ol {
        list-style: none;
        margin: 4px 0 0;
        padding: 0;
        max-height: 40vh;
        overflow-y: auto;
        border: 1px solid var(--cr-border);
        border-radius: 8px;
      }
      li {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        padding: 5px 10px 5px calc(10px + var(--indent, 0px));
        font-size: 13px;
        border-bottom: 1px solid var(--cr-border);
      }
      li:last-child {
        border-bottom: 0;
      }
      .owner {
        color: var(--cr-muted);
        font-size: 12px;
        white-space: nowrap;
      }
      .owner.me {
        color: var(--cr-accent);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        margin-top: 14px;
      }
      .error {
        margin-top: 8px;
      }
    `,
  ];

  /** The user's reports, to start from one. */
  @property({ attribute: false }) reports: ReportSummary[] = [];
  @state() private choice = TEMPLATES[0]!.id;
  @state() private source = '';
  @state() private reportTitle = titleFor(TEMPLATES[0]!.title);
  @state() private error: string | null = null;
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  protected readonly i18n = new LocaleController(this);

  protected override firstUpdated(_: PropertyValues<this>): void {
    this.dialog.showModal();
  }

  private pick(choice: string): void {
    this.choice = choice;
    const template = templateById(choice);
    if (template) this.reportTitle = titleFor(template.title);
    else if (!this.source && this.reports[0]) this.source = this.reports[0].id;
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const title = this.reportTitle.trim();
    if (!title) return;
    this.busy = true;
    this.error = null;
    try {
      const from = this.choice === FROM_REPORT ? { from: this.source } : { template: this.choice };
      const { report } = await api.createReport(title, from);
      this.dialog.close();
      location.hash = hrefOf({ name: 'report', id: report.id });
    } catch (err) {
      this.error = t('tpl.failed', { reason: err instanceof ApiError ? err.message : String(err) });
    } finally {
      this.busy = false;
    }
  }

  private renderPreview() {
    const template = templateById(this.choice);
    if (!template) {
      return html`<label class="field">${t('tpl.pickReport')}
          <select class="input" .value=${this.source} @change=${(e: Event) => {
            this.source = (e.target as HTMLSelectElement).value;
          }}>
            ${this.reports.map((r) => html`<option value=${r.id} ?selected=${r.id === this.source}>${r.title || t('report.untitled')}</option>`)}
          </select>
        </label>
        <p class="muted">${t('tpl.fromReportHint')}</p>`;
    }
    const numbers = sectionNumbers(template.sections);
    const ph = template.sections.reduce((n, s) => n + countPlaceholders(s.paragraphs.join('\n')), 0);
    return html`<div class="field">
      ${t('tpl.sections', { n: template.sections.length, ph })}
      <ol aria-label=${template.name}>
        ${template.sections.map(
          (s, i) => html`<li ${cssProps({ '--indent': `${(s.level - 1) * 14}px` })}>
            <span>${numbers[i]}${s.title}</span>
            <span class="owner ${s.owner}">${s.owner === 'me' ? t('tpl.ownerMe') : t('tpl.ownerTeam')}</span>
          </li>`,
        )}
      </ol>
    </div>`;
  }

  override render() {
    const options = [
      ...TEMPLATES.map((x) => ({ id: x.id, name: x.name })),
      ...(this.reports.length ? [{ id: FROM_REPORT, name: t('tpl.fromReport') }] : []),
    ];
    return html`<dialog aria-labelledby="tpl-title" @close=${() => this.dispatchEvent(new CustomEvent('cr-close'))}>
      <form @submit=${this.create}>
        <h2 id="tpl-title">${t('tpl.title')}</h2>
        <p class="muted">${t('tpl.lead')}</p>
        <div class="choices" role="radiogroup" aria-label=${t('tpl.choose')}>
          ${options.map(
            (o) => html`<label>
              <input type="radio" name="choice" .value=${o.id} .checked=${this.choice === o.id}
                @change=${() => this.pick(o.id)} />${o.name}
            </label>`,
          )}
        </div>
        ${this.renderPreview()}
        <label class="field">${t('tpl.reportTitle')}
          <input class="input" name="title" required maxlength="200" .value=${this.reportTitle} @input=${(
            e: Event,
          ) => {
            this.reportTitle = (e.target as HTMLInputElement).value;
          }} />
        </label>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
        <div class="actions">
          <button class="btn" type="button" @click=${() => this.dialog.close()}>${t('common.cancel')}</button>
          <button class="btn primary" type="submit" ?disabled=${this.busy}>${t('tpl.create')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-new-report': CrNewReport;
  }
}
