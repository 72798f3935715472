/**
 * The comments panel: the composer for a new thread, a filter (open / resolved / mine) and
 * the threads in reading order. Emits `cr-thread-select`, `cr-draft-cancel` and
 * `cr-draft-posted` ({id}) to cr-report.
 */
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Role } from '../../../shared/layout.ts';
import { ApiError, api, type Member } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { type CommentFilter, matchesFilter, rightsOn } from '../doc/comment-rules.ts';
import type { PlacedThread } from '../doc/comments.ts';
import type { SectionView } from '../doc/outline.ts';
import { t } from '../i18n.ts';
import { commentsStyles } from './cr-comments.styles.ts';
import './cr-mention-input.ts';
import './cr-thread.ts';

/** A thread being written: where, and what it quotes. */
export interface Draft {
  sectionId: string;
  anchor: { start: string; end: string };
  quote: string;
}

const FILTERS: CommentFilter[] = ['open', 'resolved', 'mine'];

@customElement('cr-comments')
export class CrComments extends LitElement {
  static override styles = commentsStyles;

  @property({ attribute: false }) threads: PlacedThread[] = [];
  @property({ attribute: false }) outline: SectionView[] = [];
  @property({ attribute: false }) members: Member[] = [];
  @property({ attribute: false }) draft: Draft | null = null;
  @property() userId = '';
  @property() myRole: Role | null = null;
  @property() reportId = '';
  @property() activeId: string | null = null;
  @state() private filter: CommentFilter = 'open';
  @state() private busy = false;
  @state() private error: string | null = null;
  protected readonly i18n = new LocaleController(this);

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('draft') && this.draft) {
      this.error = null;
      this.renderRoot.querySelector<HTMLTextAreaElement>('.composer textarea')?.focus();
    }
    if (changed.has('activeId') && this.activeId) {
      const active = this.threads.find((x) => x.id === this.activeId);
      // Show the selected thread even when the current filter hides it.
      if (active && !matchesFilter(active, this.filter, this.ctx()))
        this.filter = active.resolved ? 'resolved' : 'open';
      void this.updateComplete.then(() =>
        this.renderRoot
          .querySelector(`cr-thread[data-id="${CSS.escape(this.activeId ?? '')}"]`)
          ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
      );
    }
  }

  private ctx() {
    return { userId: this.userId, role: this.myRole, outline: this.outline, members: this.members };
  }

  private emit(name: string, detail: unknown = null): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private async post(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const draft = this.draft;
    const form = e.target as HTMLFormElement;
    const body = String(new FormData(form).get('body') ?? '').trim();
    if (!draft || !body) return;
    this.busy = true;
    this.error = null;
    try {
      const { comment } = await api.createComment(this.reportId, { ...draft, body });
      form.reset();
      this.filter = 'open';
      this.emit('cr-draft-posted', { id: comment.id });
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private renderComposer(draft: Draft) {
    return html`<form class="composer" @submit=${this.post}>
      <div class="quote">${draft.quote}</div>
      <cr-mention-input
        .members=${this.members}
        rows="3"
        label=${t('comments.composerLabel')}
        placeholder=${t('comments.composerPlaceholder')}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            (e.target as HTMLTextAreaElement).form?.requestSubmit();
          } else if (e.key === 'Escape') this.emit('cr-draft-cancel');
        }}
      ></cr-mention-input>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      <div class="row">
        <span class="hint">${t('comments.mentionHint')}</span>
        <button class="btn small" type="button" @click=${() => this.emit('cr-draft-cancel')}>${t('common.cancel')}</button>
        <button class="btn small primary" type="submit" ?disabled=${this.busy}>${t('comments.post')}</button>
      </div>
    </form>`;
  }

  override render() {
    const ctx = this.ctx();
    const titles = new Map(this.outline.map((s) => [s.id, (s.number ?? '') + s.title]));
    const shown = this.threads.filter((x) => matchesFilter(x, this.filter, ctx));
    const count = (f: CommentFilter) => this.threads.filter((x) => matchesFilter(x, f, ctx)).length;
    return html`<section aria-label=${t('comments.title')}>
      <div class="head">
        <h2>${t('comments.title')}</h2>
        <div class="filters" role="tablist" aria-label=${t('comments.filter')}>
          ${FILTERS.map(
            (f) =>
              html`<button role="tab" aria-selected=${f === this.filter ? 'true' : 'false'} @click=${() => {
                this.filter = f;
              }}>${t(`comments.filter.${f}`)}<span class="n">${count(f)}</span></button>`,
          )}
        </div>
      </div>
      ${this.draft ? this.renderComposer(this.draft) : ''}
      <div class="list">
        ${repeat(
          shown,
          (x) => x.id,
          (x) => html`<cr-thread
            data-id=${x.id}
            .thread=${x}
            .members=${this.members}
            .rights=${rightsOn(x, ctx)}
            .reportId=${this.reportId}
            .sectionTitle=${titles.get(x.sectionId) ?? ''}
            ?active=${x.id === this.activeId}
          ></cr-thread>`,
        )}
        ${
          shown.length === 0 && !this.draft
            ? html`<p class="empty">${this.filter === 'open' ? t('comments.emptyOpen') : t('comments.emptyOther')}</p>`
            : ''
        }
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-comments': CrComments;
  }
}
