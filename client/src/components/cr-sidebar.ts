/**
 * The report sidebar, as tabs: the outline for everyone; 我的任务 for whoever owns sections (and
 * every writer); the per-person view as 进度 with totals for leaders, read-only 分工 for writers;
 * the member list for leaders. `cr-select` and `cr-members-changed` bubble up to cr-report.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ReportDetail, User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { type Task, tasksOfUser } from '../doc/tasks.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import './cr-members.ts';
import './cr-my-tasks.ts';
import './cr-outline.ts';
import './cr-people.ts';

type Tab = 'outline' | 'mine' | 'people' | 'members';

@customElement('cr-sidebar')
export class CrSidebar extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .side-title {
        font-size: 12px;
        color: var(--cr-muted);
        padding: 4px 10px 8px;
        letter-spacing: 0.05em;
      }
      .tabs {
        display: flex;
        gap: 2px;
        background: #eef0f3;
        border-radius: 7px;
        padding: 2px;
        margin-bottom: 10px;
      }
      .tabs button {
        flex: 1;
        border: 0;
        background: none;
        height: 28px;
        border-radius: 5px;
        cursor: pointer;
        font-size: 13px;
        color: var(--cr-muted);
      }
      .tabs button[aria-selected='true'] {
        background: var(--cr-surface);
        color: var(--cr-text);
        box-shadow: var(--cr-shadow);
      }
    `,
  ];

  @property({ attribute: false }) detail: ReportDetail | null = null;
  /** Every section with its progress, in outline order. */
  @property({ attribute: false }) tasks: Task[] = [];
  @property({ attribute: false }) user!: User;
  @property() activeId: string | null = null;
  @property() reportId = '';
  @state() private tab: Tab = 'outline';
  protected readonly i18n = new LocaleController(this);

  private renderTab(tab: Tab) {
    const members = this.detail?.members ?? [];
    const leader = this.detail?.report.role === 'leader';
    if (tab === 'mine')
      return html`<cr-my-tasks .tasks=${tasksOfUser(this.tasks, this.user.id)}></cr-my-tasks>`;
    if (tab === 'people')
      return html`<cr-people .tasks=${this.tasks} .members=${members} ?dashboard=${leader} .reportId=${this.reportId}></cr-people>`;
    if (tab === 'members') {
      return html`<cr-members
        .members=${members}
        .reportId=${this.reportId}
        .selfId=${this.user.id}
        ?admin=${this.user.isAdmin === true}
      ></cr-members>`;
    }
    return html`<cr-outline
      .sections=${this.tasks}
      .members=${members}
      .activeId=${this.activeId}
      .myRole=${this.detail?.report.role ?? null}
      .reportId=${this.reportId}
    ></cr-outline>`;
  }

  private tabs(): Tab[] {
    const role = this.detail?.report.role;
    const owns = tasksOfUser(this.tasks, this.user.id).length > 0;
    if (role === 'leader')
      return owns ? ['outline', 'mine', 'people', 'members'] : ['outline', 'people', 'members'];
    if (role === 'writer') return ['outline', 'mine', 'people'];
    return ['outline'];
  }

  private label(tab: Tab): string {
    return tab === 'people' && this.detail?.report.role === 'leader' ? t('tab.progress') : t(`tab.${tab}`);
  }

  override render() {
    const tabs = this.tabs();
    const tab = tabs.includes(this.tab) ? this.tab : 'outline';
    return html`
      <nav aria-label=${t('report.sidebar')}>
        ${
          tabs.length > 1
            ? html`<div class="tabs" role="tablist">
                ${tabs.map(
                  (x) => html`<button
                    role="tab"
                    id="tab-${x}"
                    aria-selected=${x === tab ? 'true' : 'false'}
                    aria-controls="panel"
                    @click=${() => {
                      this.tab = x;
                    }}
                  >${this.label(x)}</button>`,
                )}
              </div>`
            : html`<div class="side-title">${t('tab.outline')}</div>`
        }
        <div id="panel" role=${tabs.length > 1 ? 'tabpanel' : 'none'} aria-labelledby="tab-${tab}">
          ${this.renderTab(tab)}
        </div>
      </nav>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-sidebar': CrSidebar;
  }
}
