/**
 * The bar above an open report: back to the list, title and role, whether edits are saved, who is
 * here, progress, 下一处待填 (with 只看我的), 导出, 历史, 打印, a leader's 重命名/删除报告 and the 评论
 * panel toggle. It holds no report state: cr-report passes it in and hears `cr-next-placeholder`,
 * `cr-only-mine` ({on}), `cr-open-history` ({sectionId: null}), `cr-toggle-comments` and
 * `cr-renamed` ({title}).
 */
import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Role } from '../../../shared/layout.ts';
import type { ReportProgress } from '../../../shared/progress.ts';
import { LocaleController } from '../controllers/locale.ts';
import type { Peer } from '../doc/presence.ts';
import type { SaveStatus } from '../doc/saved-state.ts';
import { t } from '../i18n.ts';
import { deleteReport, renameReport } from '../report-actions.ts';
import { hrefOf } from '../route.ts';
import { toolbarStyles } from './cr-report-toolbar.styles.ts';
import './cr-export-menu.ts';
import './cr-presence.ts';
import './cr-progress.ts';

@customElement('cr-report-toolbar')
export class CrReportToolbar extends LitElement {
  static override styles = toolbarStyles;

  @property() reportId = '';
  @property() reportTitle = '';
  @property() myRole: Role | null = null;
  /** The connection gave up (`failed`), else how far our edits are stored. */
  @property({ type: Boolean }) failed = false;
  @property() saveStatus: SaveStatus = 'connecting';
  @property({ type: Boolean }) ready = false;
  @property({ attribute: false }) peers: Peer[] = [];
  /** Section titles by id, for where each peer is. */
  @property({ attribute: false }) titles = new Map<string, string>();
  @property({ attribute: false }) totals: ReportProgress['totals'] = {
    chars: 0,
    placeholders: 0,
    sections: 0,
    approved: 0,
    suggestions: 0,
  };
  /** Placeholders 下一处待填 would walk. */
  @property({ type: Number }) toFill = 0;
  /** The user owns sections: 只看我的 is offered. */
  @property({ type: Boolean }) ownsAny = false;
  @property({ type: Boolean }) onlyMine = true;
  @property({ type: Boolean }) commentsOpen = false;
  /** Unresolved threads. */
  @property({ type: Number }) openThreads = 0;
  protected readonly i18n = new LocaleController(this);

  private emit(name: string, detail: unknown = null): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private async rename(): Promise<void> {
    const next = await renameReport(this.reportId, this.reportTitle);
    if (next) this.emit('cr-renamed', { title: next });
  }

  private renderStatus() {
    const status = this.saveStatus;
    const label = this.failed ? t('conn.failed') : t(`conn.${status}`);
    const cls = this.failed ? 'bad' : status === 'saved' ? 'ok' : status === 'offline' ? 'off' : 'wait';
    return html`<span class="conn ${cls}" role="status" aria-live="polite">${label}</span>`;
  }

  override render() {
    const title = this.reportTitle;
    const role = this.myRole;
    const open = this.openThreads;
    return html`<div class="toolbar">
      <a class="back" href=${hrefOf({ name: 'list' })}>${t('report.back')}</a>
      <h1 title=${title}>${title || t('report.untitled')}</h1>
      ${role ? html`<span class="role">${t(`role.${role}`)}</span>` : ''}
      ${this.renderStatus()}
      <span class="spacer"></span>
      <cr-presence .peers=${this.peers} .titles=${this.titles}></cr-presence>
      <cr-progress .totals=${this.totals}></cr-progress>
      <span class="next">
        <button class="btn" ?disabled=${!this.ready || this.toFill === 0} @click=${() => this.emit('cr-next-placeholder')}>
          ${t('report.nextPlaceholder')}${this.toFill ? html`<span class="count">${this.toFill}</span>` : ''}
        </button>
        ${
          this.ownsAny
            ? html`<label class="only-mine" title=${t('report.onlyMineHint')}>
                <input type="checkbox" .checked=${this.onlyMine} @change=${(e: Event) =>
                  this.emit('cr-only-mine', {
                    on: (e.target as HTMLInputElement).checked,
                  })} />${t('report.onlyMine')}
              </label>`
            : ''
        }
      </span>
      <cr-export-menu .reportId=${this.reportId} .placeholders=${this.totals.placeholders}></cr-export-menu>
      <button class="btn history" @click=${() => this.emit('cr-open-history', { sectionId: null })}>${t('history.open')}</button>
      <button class="btn print-btn" @click=${() => window.print()}>${t('report.print')}</button>
      ${
        role === 'leader'
          ? html`<button class="btn" @click=${this.rename}>${t('report.rename')}</button>
              <button class="btn danger" @click=${() => deleteReport(this.reportId, title)}>${t('report.delete')}</button>`
          : ''
      }
      <button
        class="btn ${this.commentsOpen ? 'on' : ''}"
        aria-pressed=${this.commentsOpen ? 'true' : 'false'}
        aria-label=${t('comments.panel', { n: open })}
        @click=${() => this.emit('cr-toggle-comments')}
      >
        ${t('comments.title')}${open ? html`<span class="count c">${open}</span>` : ''}
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-report-toolbar': CrReportToolbar;
  }
}
