/**
 * 批量分工: every section on one screen with a writer and a due date to pick, saved at once (one
 * PATCH per changed section; a refusal names its section and keeps the others). Leaders only.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, api, type Member } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { cssProps } from '../css-props.ts';
import { changes, choiceOf } from '../doc/bulk-assign.ts';
import type { Task } from '../doc/tasks.ts';
import { t } from '../i18n.ts';
import { memberName } from '../members.ts';
import { base } from '../styles.ts';

@customElement('cr-bulk-assign')
export class CrBulkAssign extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        font-size: 13px;
      }
      .row {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 4px;
        padding: 6px 4px 6px calc(4px + var(--indent, 0px));
        border-bottom: 1px solid var(--cr-border);
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .pick {
        display: flex;
        gap: 4px;
      }
      .pick select {
        flex: 1;
        min-width: 0;
        height: 30px;
        padding: 0 4px;
      }
      .pick input {
        width: 132px;
        height: 30px;
        padding: 0 4px;
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
        margin-top: 10px;
      }
      .error {
        margin-top: 8px;
      }
    `,
  ];

  @property({ attribute: false }) tasks: Task[] = [];
  @property({ attribute: false }) members: Member[] = [];
  @property() reportId = '';
  @state() private busy = false;
  @state() private message: string | null = null;
  @state() private errors: string[] = [];
  private picked = new Map<string, { choice?: string; due?: string }>();
  protected readonly i18n = new LocaleController(this);

  private pick(id: string, field: 'choice' | 'due', value: string): void {
    this.picked.set(id, { ...this.picked.get(id), [field]: value });
    this.message = null;
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const todo = changes(this.tasks, this.picked);
    if (todo.length === 0) {
      this.message = t('bulk.unchanged');
      return;
    }
    this.busy = true;
    this.errors = [];
    const results = await Promise.allSettled(todo.map((c) => api.patchSection(this.reportId, c.id, c.patch)));
    const errors: string[] = [];
    results.forEach((r, i) => {
      const id = todo[i]!.id;
      if (r.status === 'fulfilled') this.picked.delete(id);
      else {
        const task = this.tasks.find((x) => x.id === id);
        const reason = r.reason instanceof ApiError ? r.reason.message : String(r.reason);
        errors.push(t('bulk.failed', { title: `${task?.number ?? ''}${task?.title ?? id}`, reason }));
      }
    });
    this.errors = errors;
    this.message = t('bulk.saved', { n: results.filter((r) => r.status === 'fulfilled').length });
    this.busy = false;
  }

  /** Writers and leaders, plus the current pair of a shared section (kept as one option). */
  private options(x: Task) {
    const people = this.members.filter((m) => m.role === 'leader' || m.role === 'writer');
    const current = choiceOf(x.assignees);
    const shared = x.assignees.length > 1;
    const chosen = this.picked.get(x.id)?.choice ?? current;
    return html`<option value="" ?selected=${chosen === ''}>${t('bulk.none')}</option>
      ${shared ? html`<option value=${current} ?selected=${chosen === current}>${x.assignees.map((id) => memberName(this.members, id)).join('、')}</option>` : ''}
      ${people.map((m) => html`<option value=${m.userId} ?selected=${chosen === m.userId}>${m.displayName || m.username}</option>`)}`;
  }

  override render() {
    return html`<form @submit=${this.save} aria-label=${t('bulk.label')}>
      <p class="muted">${t('bulk.hint')}</p>
      ${this.tasks.map((x) => {
        const title = `${x.number ?? ''}${x.title || t('section.untitled')}`;
        const level = Math.min(Math.max(x.level, 1), 4);
        return html`<div class="row" data-sid=${x.id} ${cssProps({ '--indent': `${(level - 1) * 12}px` })}>
          <span class="name" title=${title}>${title}</span>
          <span class="pick">
            <select class="input" aria-label=${t('bulk.assigneeOf', { title })}
              @change=${(e: Event) => this.pick(x.id, 'choice', (e.target as HTMLSelectElement).value)}>
              ${this.options(x)}
            </select>
            <input class="input" type="date" aria-label=${t('bulk.dueOf', { title })}
              .value=${this.picked.get(x.id)?.due ?? x.due ?? ''}
              @change=${(e: Event) => this.pick(x.id, 'due', (e.target as HTMLInputElement).value)} />
          </span>
        </div>`;
      })}
      <div class="actions">
        <button class="btn primary" type="submit" ?disabled=${this.busy}>${this.busy ? t('bulk.saving') : t('bulk.save')}</button>
        ${this.message ? html`<span class="muted" role="status">${this.message}</span>` : ''}
      </div>
      ${this.errors.map((m) => html`<div class="error" role="alert">${m}</div>`)}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-bulk-assign': CrBulkAssign;
  }
}
