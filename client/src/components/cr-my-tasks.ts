/** 我的任务: the sections assigned to me, their status, due dates and placeholders left. */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController } from '../controllers/locale.ts';
import type { Task } from '../doc/tasks.ts';
import { t } from '../i18n.ts';
import { badges, base } from '../styles.ts';
import { taskLine, taskStyles } from './task-line.ts';

@customElement('cr-my-tasks')
export class CrMyTasks extends LitElement {
  static override styles = [
    base,
    badges,
    taskStyles,
    css`
      :host {
        display: block;
        font-size: 13px;
        padding: 0 8px;
      }
      .sum {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        color: var(--cr-muted);
        font-size: 12px;
        margin-bottom: 6px;
      }
      li.task {
        border-bottom: 1px solid var(--cr-border);
        padding: 6px 0;
      }
    `,
  ];

  /** My tasks only, in outline order. */
  @property({ attribute: false }) tasks: Task[] = [];
  protected readonly i18n = new LocaleController(this);

  override render() {
    if (this.tasks.length === 0) return html`<p class="muted">${t('mine.none')}</p>`;
    const ph = this.tasks.reduce((n, x) => n + x.placeholders, 0);
    const overdue = this.tasks.filter((x) => x.overdue).length;
    return html`
      <div class="sum">
        <span>${t('mine.summary', { n: this.tasks.length, ph })}</span>
        ${overdue ? html`<span class="overdue">${t('mine.summaryOverdue', { n: overdue })}</span>` : ''}
      </div>
      <ul class="tasks" aria-label=${t('mine.label')}>${this.tasks.map((x) => taskLine(this, x))}</ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-my-tasks': CrMyTasks;
  }
}
