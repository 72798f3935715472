/**
 * Outline sidebar: sections in order, indented by level, with status, assignees and due date (red
 * once overdue); click to jump. Numbers are computed (shared/numbering.ts). Leaders also get move
 * up/down buttons and the "add section" form at the bottom.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Role } from '../../../shared/layout.ts';
import { ApiError, api, type Member } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { cssProps } from '../css-props.ts';
import type { Task } from '../doc/tasks.ts';
import { t } from '../i18n.ts';
import { memberName } from '../members.ts';
import { badges, base } from '../styles.ts';
import { dueLabel } from './task-line.ts';

@customElement('cr-outline')
export class CrOutline extends LitElement {
  static override styles = [
    base,
    badges,
    css`
      :host {
        display: block;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        align-items: center;
      }
      button.item {
        display: block;
        flex: 1;
        min-width: 0;
        width: 100%;
        text-align: left;
        border: 0;
        background: none;
        padding: 7px 10px 7px calc(10px + var(--indent, 0px));
        border-radius: 6px;
        cursor: pointer;
      }
      button.item:hover {
        background: #eef0f4;
      }
      button.item[aria-current='true'] {
        background: var(--cr-accent-soft);
      }
      .line {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .name {
        flex: 1;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-size: 13.5px;
      }
      .lv1 .name {
        font-weight: 600;
      }
      .sub {
        display: flex;
        gap: 8px;
        font-size: 12px;
        color: var(--cr-muted);
        margin-top: 1px;
      }
      .sub {
        flex-wrap: wrap;
      }
      .ph {
        color: var(--cr-warn);
      }
      .due.overdue {
        color: var(--cr-danger);
        font-weight: 600;
      }
      .badge {
        height: 18px;
        font-size: 11px;
        padding: 0 6px;
      }
      .move {
        display: flex;
        flex-direction: column;
      }
      .move button {
        border: 0;
        background: none;
        color: var(--cr-muted);
        cursor: pointer;
        font-size: 11px;
        line-height: 1;
        padding: 3px 5px;
        border-radius: 4px;
      }
      .move button:hover:not(:disabled) {
        background: #eef0f4;
        color: inherit;
      }
      .move button:disabled {
        opacity: 0.25;
        cursor: default;
      }
      .empty {
        color: var(--cr-muted);
        font-size: 13px;
        padding: 8px 10px;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-top: 10px;
        padding: 10px 2px 0;
        border-top: 1px solid var(--cr-border);
      }
      form .input {
        height: 32px;
      }
      form input.input {
        flex: 1 1 100%;
      }
      select.input {
        flex: 1;
        padding: 0 4px;
      }
      .error {
        margin-top: 8px;
      }
    `,
  ];

  /** Sections in outline order, with their progress and due state. */
  @property({ attribute: false }) sections: Task[] = [];
  @property({ attribute: false }) members: Member[] = [];
  @property() activeId: string | null = null;
  @property() myRole: Role | null = null;
  @property() reportId = '';
  @state() private error: string | null = null;
  @state() private busy = false;
  protected readonly i18n = new LocaleController(this);

  private select(id: string): void {
    this.dispatchEvent(
      new CustomEvent<{ id: string }>('cr-select', { detail: { id }, bubbles: true, composed: true }),
    );
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    if (!title) return;
    this.busy = true;
    this.error = null;
    try {
      const last = this.sections.at(-1)?.id ?? null;
      const { section } = await api.addSection(this.reportId, title, Number(data.get('level')), last);
      form.reset();
      this.select(section.id);
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  /** Moves a section one place up or down (the server renumbers nothing: numbers are computed). */
  private async move(index: number, by: -1 | 1): Promise<void> {
    const target = index + by;
    if (target < 0 || target >= this.sections.length) return;
    // Placed after the section that will precede it: one before the target when moving up.
    const after = by < 0 ? (this.sections[target - 1]?.id ?? null) : this.sections[target]!.id;
    this.busy = true;
    this.error = null;
    try {
      await api.moveSection(this.reportId, this.sections[index]!.id, after);
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private moveButtons(index: number, label: string) {
    if (this.myRole !== 'leader') return '';
    return html`<span class="move">
      <button type="button" aria-label=${t('outline.moveUp', { title: label })} ?disabled=${this.busy || index === 0}
        @click=${() => this.move(index, -1)}>▲</button>
      <button type="button" aria-label=${t('outline.moveDown', { title: label })}
        ?disabled=${this.busy || index === this.sections.length - 1} @click=${() => this.move(index, 1)}>▼</button>
    </span>`;
  }

  private names(ids: string[]): string {
    return ids.map((id) => memberName(this.members, id)).join('、');
  }

  override render() {
    return html`
      <nav aria-label=${t('outline.label')}>
        ${this.sections.length === 0 ? html`<div class="empty">${t('outline.empty')}</div>` : ''}
        <ol>
          ${this.sections.map((s, index) => {
            const ph = s.placeholders;
            const label = `${s.number ?? ''}${s.title || t('section.untitled')}`;
            const level = Math.min(Math.max(s.level, 1), 4);
            return html`<li class="lv${level} ${s.overdue ? 'late' : ''}">
              <button
                class="item"
                ${cssProps({ '--indent': `${(level - 1) * 14}px` })}
                aria-current=${this.activeId === s.id ? 'true' : 'false'}
                @click=${() => this.select(s.id)}
              >
                <span class="line">
                  <span class="name">${label}</span>
                  <span class="badge ${s.status}">${t(`status.${s.status}`)}</span>
                </span>
                <span class="sub">
                  <span>${s.assignees.length ? this.names(s.assignees) : t('section.noAssignee')}</span>
                  ${ph ? html`<span class="ph">${t('outline.placeholders', { n: ph })}</span>` : ''}
                  ${dueLabel(s)}
                </span>
              </button>
              ${this.moveButtons(index, label)}
            </li>`;
          })}
        </ol>
        ${
          this.myRole === 'leader'
            ? html`<form @submit=${this.add}>
                <input class="input" name="title" required maxlength="200" placeholder=${t('outline.newPlaceholder')} aria-label=${t('outline.newLabel')} />
                <select class="input" name="level" aria-label=${t('settings.level')}>
                  ${[1, 2, 3, 4].map((l) => html`<option value=${l}>${t('settings.levelN', { n: l })}</option>`)}
                </select>
                <button class="btn primary" type="submit" ?disabled=${this.busy}>${t('outline.add')}</button>
              </form>`
            : ''
        }
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      </nav>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-outline': CrOutline;
  }
}
