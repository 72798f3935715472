/**
 * One section as a line of a task list (我的任务, 进度/分工): number and title to jump to, the due
 * date (red once overdue), what is left to fill and the status badge. Shared by cr-my-tasks and cr-people.
 */
import { css, html } from 'lit';
import type { Task } from '../doc/tasks.ts';
import { formatDate } from '../format.ts';
import { t } from '../i18n.ts';

/** Ask cr-report to show a section. */
function select(host: EventTarget, id: string): void {
  host.dispatchEvent(new CustomEvent('cr-select', { detail: { id }, bubbles: true, composed: true }));
}

/** What is left to fill; an empty section says so rather than "待填 0". */
function fillState(x: Task) {
  if (x.placeholders)
    return html`<span class="ph">${t('outline.placeholders', { n: x.placeholders })}</span>`;
  if (x.chars === 0) return html`<span class="muted">${t('task.notStarted')}</span>`;
  return '';
}

/** The due date, marked when it has passed. */
export function dueLabel(x: Pick<Task, 'due' | 'overdue'>) {
  if (!x.due) return '';
  const date = formatDate(x.due);
  return x.overdue
    ? html`<span class="due overdue">${t('task.overdue', { date })}</span>`
    : html`<span class="due">${t('task.due', { date })}</span>`;
}

export function taskLine(host: EventTarget, x: Task) {
  return html`<li class="task ${x.overdue ? 'late' : ''}" data-sid=${x.id}>
    <button class="go" @click=${() => select(host, x.id)}>${x.number ?? ''}${x.title || t('section.untitled')}</button>
    <span class="badge ${x.status}">${t(`status.${x.status}`)}</span>
    <span class="meta">${dueLabel(x)} ${fillState(x)}</span>
  </li>`;
}

export const taskStyles = css`
  ul.tasks {
    list-style: none;
    margin: 6px 0 0;
    padding: 0;
  }
  li.task {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 2px 6px;
    align-items: center;
    padding: 4px 0;
  }
  li.task .go {
    min-width: 0;
    text-align: left;
    border: 0;
    background: none;
    padding: 0;
    cursor: pointer;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  li.task .go:hover {
    color: var(--cr-accent);
  }
  li.task .meta {
    grid-column: 1 / -1;
    display: flex;
    gap: 8px;
    font-size: 12px;
  }
  .due {
    color: var(--cr-muted);
  }
  .due.overdue,
  .overdue {
    color: var(--cr-danger);
    font-weight: 600;
  }
  .ph {
    color: var(--cr-warn);
  }
  .badge {
    height: 18px;
    font-size: 11px;
  }
`;
