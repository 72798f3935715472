/** The reports the user belongs to, with role and progress; create one by title, from a template or by import. */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, api, type ReportSummary } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { cssProps } from '../css-props.ts';
import { formatDate } from '../format.ts';
import { t } from '../i18n.ts';
import { hrefOf } from '../route.ts';
import { base } from '../styles.ts';
import './cr-import.ts';
import './cr-new-report.ts';

type Load =
  | { kind: 'loading' }
  | { kind: 'ready'; reports: ReportSummary[] }
  | { kind: 'error'; message: string };

@customElement('cr-report-list')
export class CrReportList extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        width: min(920px, 100%);
        margin: 0 auto;
        padding: 32px 20px 60px;
      }
      .head {
        display: flex;
        align-items: flex-end;
        justify-content: space-between;
        gap: 16px;
        flex-wrap: wrap;
        margin-bottom: 20px;
      }
      h1 {
        font-size: 22px;
        margin: 0;
      }
      form {
        display: flex;
        gap: 8px;
      }
      form .input {
        width: 300px;
      }
      .flash {
        display: flex;
        justify-content: space-between;
        align-items: center;
        margin-bottom: 16px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        background: var(--cr-surface);
        border: 1px solid var(--cr-border);
        border-radius: 10px;
        box-shadow: var(--cr-shadow);
        overflow: hidden;
      }
      li + li {
        border-top: 1px solid var(--cr-border);
      }
      a.row {
        display: grid;
        grid-template-columns: 1fr 200px 90px;
        gap: 16px;
        align-items: center;
        padding: 14px 18px;
        color: inherit;
        text-decoration: none;
      }
      a.row:hover {
        background: #f8f9fb;
      }
      .title {
        font-weight: 600;
        font-size: 15px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .sub {
        color: var(--cr-muted);
        font-size: 12px;
        margin-top: 2px;
      }
      .role {
        justify-self: end;
        font-size: 12px;
        padding: 2px 8px;
        border-radius: 10px;
        background: #eef0f3;
        color: var(--cr-muted);
      }
      .role.leader {
        background: var(--cr-accent-soft);
        color: var(--cr-accent);
      }
      .bar {
        height: 6px;
        border-radius: 3px;
        background: #eceef2;
        overflow: hidden;
      }
      .bar > span {
        display: block;
        height: 100%;
        background: var(--cr-ok);
      }
      .stats {
        font-size: 12px;
        color: var(--cr-muted);
        margin-top: 4px;
      }
      .empty {
        text-align: center;
        padding: 56px 20px;
        color: var(--cr-muted);
        background: var(--cr-surface);
        border: 1px dashed var(--cr-border-strong);
        border-radius: 10px;
      }
      .empty strong {
        display: block;
        color: var(--cr-text);
        font-size: 15px;
        margin-bottom: 4px;
      }
      @media (max-width: 720px) {
        a.row {
          grid-template-columns: 1fr;
        }
        .role {
          justify-self: start;
        }
        form .input {
          width: 100%;
        }
      }
    `,
  ];

  /** One-line message carried over from another page (e.g. "removed from the report"). */
  @property() flash: string | null = null;
  @state() private load: Load = { kind: 'loading' };
  @state() private createError: string | null = null;
  @state() private creating = false;
  @state() private importing = false;
  @state() private templating = false;
  protected readonly i18n = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    try {
      const { reports } = await api.reports();
      this.load = { kind: 'ready', reports };
    } catch (err) {
      this.load = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
    }
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const title = String(new FormData(form).get('title') ?? '').trim();
    if (!title) return;
    this.creating = true;
    this.createError = null;
    try {
      const { report } = await api.createReport(title);
      location.hash = hrefOf({ name: 'report', id: report.id });
    } catch (err) {
      this.createError = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.creating = false;
    }
  }

  private renderRow(r: ReportSummary) {
    const p = r.progress;
    const pct = p && p.sections > 0 ? Math.round((p.approved / p.sections) * 100) : 0;
    return html`<li>
      <a class="row" href=${hrefOf({ name: 'report', id: r.id })}>
        <div>
          <div class="title">${r.title || t('report.untitled')}</div>
          <div class="sub">${t('list.created', { date: formatDate(r.createdAt) })}</div>
        </div>
        <div>
          ${
            p
              ? html`<div class="bar" role="progressbar" aria-label=${t('list.progress')} aria-valuenow=${pct} aria-valuemin="0" aria-valuemax="100"><span ${cssProps({ width: `${pct}%` })}></span></div>
                  <div class="stats">
                    ${t('list.approved', { approved: p.approved, sections: p.sections })} ·
                    ${t('list.placeholders', { n: p.placeholders })} · ${t('list.chars', { n: p.chars })}
                  </div>`
              : ''
          }
        </div>
        <span class="role ${r.role}">${t(`role.${r.role}`)}</span>
      </a>
    </li>`;
  }

  private renderBody() {
    if (this.load.kind === 'loading') return html`<p class="muted">${t('app.loading')}</p>`;
    if (this.load.kind === 'error') return html`<div class="error" role="alert">${this.load.message}</div>`;
    if (this.load.reports.length === 0) {
      return html`<div class="empty"><strong>${t('list.emptyTitle')}</strong>${t('list.emptyHint')}</div>`;
    }
    return html`<ul aria-label=${t('list.title')}>${this.load.reports.map((r) => this.renderRow(r))}</ul>`;
  }

  override render() {
    return html`
      ${
        this.flash
          ? html`<div class="error flash" role="status">
              <span>${this.flash}</span>
              <button class="btn ghost small" @click=${() => this.dispatchEvent(new CustomEvent('cr-flash-dismissed'))}>
                ${t('common.dismiss')}
              </button>
            </div>`
          : ''
      }
      <div class="head">
        <h1>${t('list.title')}</h1>
        <form @submit=${this.create}>
          <input class="input" name="title" required placeholder=${t('list.newPlaceholder')} aria-label=${t('list.newLabel')} />
          <button class="btn primary" type="submit" ?disabled=${this.creating}>${t('list.create')}</button>
          <button class="btn" type="button" @click=${() => {
            this.importing = true;
          }}>${t('list.import')}</button>
          <button class="btn" type="button" @click=${() => {
            this.templating = true;
          }}>${t('list.fromTemplate')}</button>
        </form>
      </div>
      ${this.createError ? html`<div class="error" role="alert">${this.createError}</div>` : ''}
      ${this.renderBody()}
      ${
        this.importing
          ? html`<cr-import @cr-close=${() => {
              this.importing = false;
            }}></cr-import>`
          : ''
      }
      ${
        this.templating
          ? html`<cr-new-report .reports=${this.load.kind === 'ready' ? this.load.reports : []} @cr-close=${() => {
              this.templating = false;
            }}></cr-new-report>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-report-list': CrReportList;
  }
}
