/**
 * 进度 / 分工: for everyone who owns sections, what is left (sections not approved, placeholders to
 * fill, overdue in red, suggestions and comments waiting), those furthest behind first, plus the
 * sections nobody owns. Leaders see it as 进度 with totals on top and 批量分工 (cr-bulk-assign);
 * writers see it read-only as 分工.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Member } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { byPerson, type PersonLoad, type Task } from '../doc/tasks.ts';
import { t } from '../i18n.ts';
import { memberName } from '../members.ts';
import { badges, base } from '../styles.ts';
import { taskLine, taskStyles } from './task-line.ts';
import './cr-bulk-assign.ts';

@customElement('cr-people')
export class CrPeople extends LitElement {
  static override styles = [
    base,
    badges,
    taskStyles,
    css`
      :host {
        display: block;
        font-size: 13px;
      }
      .dash {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(72px, 1fr));
        gap: 6px;
        margin: 0 0 8px;
      }
      .stat {
        background: var(--cr-surface);
        border: 1px solid var(--cr-border);
        border-radius: 6px;
        padding: 6px 8px;
      }
      .stat b {
        display: block;
        font-size: 16px;
      }
      .stat span {
        color: var(--cr-muted);
        font-size: 12px;
      }
      .stat.bad b {
        color: var(--cr-danger);
      }
      .person {
        padding: 10px 8px;
        border-bottom: 1px solid var(--cr-border);
      }
      .person.behind {
        border-left: 3px solid var(--cr-danger);
      }
      .who {
        display: flex;
        justify-content: space-between;
        gap: 6px;
        font-weight: 600;
      }
      .sum {
        font-weight: 400;
        color: var(--cr-muted);
        font-size: 12px;
        text-align: right;
      }
      .waiting {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        font-size: 12px;
        color: var(--cr-muted);
        margin-top: 2px;
      }
      .done {
        color: var(--cr-ok);
        font-size: 12px;
      }
      .bulk-toggle {
        display: flex;
        justify-content: flex-end;
        margin-bottom: 6px;
      }
      .hint {
        color: var(--cr-muted);
        font-size: 12px;
        padding: 0 8px 6px;
      }
    `,
  ];

  @property({ attribute: false }) tasks: Task[] = [];
  @property({ attribute: false }) members: Member[] = [];
  /** Leaders get the totals and the 进度 label; others the read-only 分工. */
  @property({ type: Boolean }) dashboard = false;
  @property() reportId = '';
  /** Leaders: 批量分工 instead of the per-person view. */
  @state() private bulk = false;
  protected readonly i18n = new LocaleController(this);

  private renderTotals() {
    const x = this.tasks;
    const count = (pick: (task: Task) => number) => x.reduce((n, task) => n + pick(task), 0);
    const overdue = x.filter((task) => task.overdue).length;
    const stat = (label: string, value: string | number, cls = '') =>
      html`<div class="stat ${cls}" role="group" aria-label=${label}><b>${value}</b><span>${label}</span></div>`;
    return html`<div class="dash" aria-label=${t('dash.label')}>
      ${stat(t('dash.approved'), `${x.filter((task) => task.status === 'approved').length}/${x.length}`)}
      ${stat(t('dash.overdue'), overdue, overdue ? 'bad' : '')}
      ${stat(t('dash.review'), x.filter((task) => task.status === 'submitted').length)}
      ${stat(
        t('dash.suggestions'),
        count((task) => task.suggestions),
      )}
      ${stat(
        t('dash.comments'),
        count((task) => task.comments),
      )}
    </div>`;
  }

  private renderPerson(p: PersonLoad) {
    const summary = p.placeholders
      ? t('people.summaryFill', { left: p.left.length, total: p.tasks.length, ph: p.placeholders })
      : t('people.summary', { left: p.left.length, total: p.tasks.length });
    return html`<div class="person ${p.overdue ? 'behind' : ''}" role="listitem" data-user=${p.id}>
      <div class="who">
        <span>${p.name}</span>
        <span class="sum">${summary}</span>
      </div>
      <div class="waiting">
        ${p.overdue ? html`<span class="overdue">${t('people.overdue', { n: p.overdue })}</span>` : ''}
        ${p.suggestions ? html`<span>${t('people.suggestions', { n: p.suggestions })}</span>` : ''}
        ${p.comments ? html`<span>${t('people.comments', { n: p.comments })}</span>` : ''}
      </div>
      ${
        p.left.length
          ? html`<ul class="tasks">${p.left.map((x) => taskLine(this, x))}</ul>`
          : html`<div class="done">${p.tasks.length ? t('people.allDone') : t('people.nothing')}</div>`
      }
    </div>`;
  }

  private bulkToggle() {
    return html`<div class="bulk-toggle">
      <button class="btn small" aria-pressed=${this.bulk ? 'true' : 'false'} @click=${() => {
        this.bulk = !this.bulk;
      }}>${this.bulk ? t('bulk.close') : t('bulk.open')}</button>
    </div>`;
  }

  override render() {
    if (this.dashboard && this.bulk) {
      return html`${this.bulkToggle()}
        <cr-bulk-assign .tasks=${this.tasks} .members=${this.members} .reportId=${this.reportId}></cr-bulk-assign>`;
    }
    const owners = this.members
      .filter((m) => m.role === 'leader' || m.role === 'writer')
      .map((m) => ({ id: m.userId, name: m.displayName || m.username }));
    const { people, unowned } = byPerson(this.tasks, owners, (id) => memberName(this.members, id));
    return html`
      ${this.dashboard ? html`${this.bulkToggle()}${this.renderTotals()}` : html`<div class="hint">${t('people.readOnly')}</div>`}
      <div role="list" aria-label=${t('people.label')}>
        ${people.map((p) => this.renderPerson(p))}
        ${
          unowned.length
            ? html`<div class="person" role="listitem">
                <div class="who"><span>${t('people.unowned')}</span><span class="sum">${unowned.length}</span></div>
                <ul class="tasks">${unowned.map((x) => taskLine(this, x))}</ul>
              </div>`
            : ''
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-people': CrPeople;
  }
}
