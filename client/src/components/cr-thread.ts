/**
 * One comment thread: quote (or 原文已删除), the opening comment, replies, and the actions the
 * user's role allows (docs/api.md, Comments). Every text is bound as text, never as HTML.
 * Clicking the card selects the thread (`cr-thread-select`); actions call the API directly and
 * the result arrives live through the report doc.
 */
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, api, type Member } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import type { PlacedThread } from '../doc/comments.ts';
import { formatMoment } from '../format.ts';
import { t } from '../i18n.ts';
import { memberName } from '../members.ts';
import { threadStyles } from './cr-thread.styles.ts';
import './cr-mention-input.ts';

/** What the current user may do with a thread. */
export interface ThreadRights {
  reply: boolean;
  resolve: boolean;
  edit: boolean;
  delete: boolean;
}

@customElement('cr-thread')
export class CrThread extends LitElement {
  static override styles = threadStyles;

  @property({ attribute: false }) thread!: PlacedThread;
  @property({ attribute: false }) members: Member[] = [];
  @property({ attribute: false }) rights: ThreadRights = {
    reply: false,
    resolve: false,
    edit: false,
    delete: false,
  };
  @property() reportId = '';
  @property() sectionTitle = '';
  @property({ type: Boolean, reflect: true }) active = false;
  @state() private editing = false;
  @state() private confirmDelete = false;
  @state() private busy = false;
  @state() private error: string | null = null;
  protected readonly i18n = new LocaleController(this);

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('active') && !this.active) {
      this.editing = false;
      this.confirmDelete = false;
    }
  }

  private select(): void {
    this.dispatchEvent(
      new CustomEvent('cr-thread-select', { detail: { id: this.thread.id }, bubbles: true, composed: true }),
    );
  }

  private async run(action: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await action();
      return true;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async submitReply(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const body = String(new FormData(form).get('body') ?? '').trim();
    if (!body) return;
    if (await this.run(() => api.reply(this.reportId, this.thread.id, body))) form.reset();
  }

  private async submitEdit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const body = String(new FormData(e.target as HTMLFormElement).get('body') ?? '').trim();
    if (!body) return;
    if (await this.run(() => api.patchComment(this.reportId, this.thread.id, { body }))) this.editing = false;
  }

  private setResolved(resolved: boolean): void {
    void this.run(() => api.patchComment(this.reportId, this.thread.id, { resolved }));
  }

  private deleteThread(): void {
    void this.run(() => api.deleteComment(this.reportId, this.thread.id));
  }

  /** Ctrl/⌘+Enter sends the form the textarea is in. */
  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      (e.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  }

  private renderQuote() {
    const th = this.thread;
    if (th.detached) {
      return html`<div class="quote gone">
        <span class="gone-label">${t('comments.quoteDeleted')}</span>
        <s>${th.quote}</s>
      </div>`;
    }
    return html`<div class="quote">${th.quote}</div>`;
  }

  private renderMessage(author: string, body: string, at: number, edited = false) {
    return html`<div class="msg">
      <div class="by">
        <span class="avatar" aria-hidden="true">${memberName(this.members, author).slice(0, 1)}</span>
        <span class="name">${memberName(this.members, author)}</span>
        <time>${formatMoment(at)}</time>
        ${edited ? html`<span class="edited">${t('comments.edited')}</span>` : ''}
      </div>
      <p class="body">${body}</p>
    </div>`;
  }

  private renderActions() {
    const th = this.thread;
    const r = this.rights;
    return html`<div class="actions" @click=${(e: Event) => e.stopPropagation()}>
      ${
        r.resolve
          ? th.resolved
            ? html`<button class="btn small" ?disabled=${this.busy} @click=${() => this.setResolved(false)}>${t('comments.reopen')}</button>`
            : html`<button class="btn small" ?disabled=${this.busy} @click=${() => this.setResolved(true)}>${t('comments.resolve')}</button>`
          : ''
      }
      ${
        r.edit && !this.editing
          ? html`<button class="btn small ghost" @click=${() => {
              this.editing = true;
            }}>${t('comments.edit')}</button>`
          : ''
      }
      ${
        r.delete
          ? this.confirmDelete
            ? html`<button class="btn small danger" ?disabled=${this.busy} @click=${this.deleteThread}>${t('comments.confirmDelete')}</button>`
            : html`<button class="btn small ghost" @click=${() => {
                this.confirmDelete = true;
              }}>${t('comments.delete')}</button>`
          : ''
      }
    </div>`;
  }

  override render() {
    const th = this.thread;
    return html`<article
      class="card ${th.resolved ? 'resolved' : ''}"
      aria-label=${t('comments.threadLabel', { name: memberName(this.members, th.author) })}
      @click=${this.select}
    >
      <div class="where">
        <span class="section">${this.sectionTitle || t('section.untitled')}</span>
        ${th.resolved ? html`<span class="state">${t('comments.resolved')}</span>` : ''}
      </div>
      ${this.renderQuote()}
      ${
        this.editing
          ? html`<form class="reply" @submit=${this.submitEdit} @click=${(e: Event) => e.stopPropagation()}>
              <cr-mention-input .members=${this.members} rows="3" label=${t('comments.edit')} .value=${th.body} @keydown=${this.onKey}></cr-mention-input>
              <div class="row">
                <button class="btn small primary" type="submit" ?disabled=${this.busy}>${t('common.save')}</button>
                <button class="btn small" type="button" @click=${() => {
                  this.editing = false;
                }}>${t('common.cancel')}</button>
              </div>
            </form>`
          : this.renderMessage(th.author, th.body, th.createdAt, th.editedAt !== undefined)
      }
      ${
        th.replies.length
          ? html`<div class="replies">${th.replies.map((r) => this.renderMessage(r.author, r.body, r.createdAt))}</div>`
          : ''
      }
      ${this.active ? this.renderActions() : ''}
      ${
        this.active && this.rights.reply && !th.resolved
          ? html`<form class="reply" @submit=${this.submitReply} @click=${(e: Event) => e.stopPropagation()}>
              <cr-mention-input .members=${this.members} label=${t('comments.reply')} placeholder=${t('comments.replyPlaceholder')} @keydown=${this.onKey}></cr-mention-input>
              <div class="row"><button class="btn small primary" type="submit" ?disabled=${this.busy}>${t('comments.reply')}</button></div>
            </form>`
          : ''
      }
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-thread': CrThread;
  }
}
