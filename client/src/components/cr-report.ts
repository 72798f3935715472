/**
 * One open report: a live Y.Doc over one WebSocket, the toolbar (title, progress, next
 * placeholder), the sidebar (outline / per-person / members) and one cr-section per section.
 */
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError, api, type ReportDetail, type User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { PlaceholderWalk } from '../controllers/placeholder-walk.ts';
import { ReportConnection } from '../controllers/report-connection.ts';
import { ReportView } from '../controllers/report-view.ts';
import { canComment } from '../doc/comment-rules.ts';
import type { PlacedThread } from '../doc/comments.ts';
import { readTitle } from '../doc/outline.ts';
import type { RefusedText } from '../doc/refused-text.ts';
import { type Task, tasksOf, tasksOfUser } from '../doc/tasks.ts';
import { t } from '../i18n.ts';
import { printRole, reportPrintStyles } from '../print.ts';
import type { Draft } from './cr-comments.ts';
import { reportStyles } from './cr-report.styles.ts';
import type { CrSection } from './cr-section.ts';
import './cr-comments.ts';
import './cr-history.ts';
import './cr-refused.ts';
import './cr-report-toolbar.ts';
import './cr-section.ts';
import './cr-sidebar.ts';

@customElement('cr-report')
export class CrReport extends LitElement {
  static override styles = [reportStyles, reportPrintStyles];

  @property() reportId = '';
  @property({ attribute: false }) user!: User;
  /** A thread to open once the report is loaded (from a notification link). */
  @property() focusThread: string | null = null;
  @state() private detail: ReportDetail | null = null;
  @state() private loadError: string | null = null;
  @state() private activeId: string | null = null;
  @state() private activeThread: string | null = null;
  @state() private draft: Draft | null = null;
  /** The comments panel: null follows the threads (shown once there are any), a click decides for good. */
  @state() private commentsChoice: boolean | null = null;
  /** The history dialog: of a section, of the whole report (null), or closed (undefined). */
  @state() private historyOf: string | null | undefined = undefined;

  protected readonly i18n = new LocaleController(this);
  private readonly conn = new ReportConnection(this);
  private readonly view = new ReportView(this.conn);
  /** 下一处待填 (only my sections, when I have any, unless switched off). */
  private readonly walk = new PlaceholderWalk(this);
  private focused: string | null = null;
  private seenGeneration = -1;
  /** Assignee ids looked up once already; someone removed from the report stays unknown. */
  private looked = new Set<string>();

  /** Someone was assigned who joined after we loaded the member list: load it again. */
  private refreshIfStrangers(): void {
    if (!this.detail) return;
    const known = new Set(this.detail.members.map((m) => m.userId));
    const strangers = this.view.outline
      .flatMap((s) => s.assignees)
      .filter((id) => !known.has(id) && !this.looked.has(id));
    if (strangers.length === 0) return;
    for (const id of strangers) this.looked.add(id);
    void this.loadDetail();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('reportId') || changed.has('user')) && this.reportId && this.user) {
      this.detail = null;
      this.loadError = null;
      this.looked.clear();
      this.seenGeneration = -1;
      this.activeId = this.activeThread = this.focused = null;
      this.draft = null;
      this.commentsChoice = null;
      this.view.reset();
      this.walk.restart();
      this.conn.open(this.reportId, this.user);
      void this.loadDetail();
    }
    const read = this.view.refresh(this.user?.id ?? '', this.activeId);
    if (read.structure) this.refreshIfStrangers();
    if (read.threads && this.activeThread && !this.view.threads.some((x) => x.id === this.activeThread))
      this.activeThread = null;
    if (this.conn.generation !== this.seenGeneration) {
      // A refused write may mean our role changed under us: fetch it again with the fresh doc.
      if (this.seenGeneration !== -1 && this.conn.generation > 1) void this.loadDetail();
      this.seenGeneration = this.conn.generation;
    }
    if (this.focusThread && this.focusThread !== this.focused && this.conn.ready) {
      const wanted = this.focusThread;
      if (this.view.threads.some((x) => x.id === wanted)) {
        this.focused = wanted;
        void this.updateComplete.then(() => this.selectThread(wanted, true));
      }
    }
  }

  /** Select a thread; from the panel (`reveal`), also scroll its text into view and flash it. */
  private async selectThread(id: string, reveal: boolean): Promise<void> {
    this.activeThread = id;
    this.commentsChoice = true;
    const thread = this.view.threads.find((x) => x.id === id);
    if (!reveal || !thread) return;
    this.activeId = thread.sectionId;
    await this.updateComplete;
    const el = this.sectionEl(thread.sectionId);
    if (el && !el.revealThread(id)) el.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  override updated(): void {
    const state = this.conn.state;
    if (state.kind === 'unauthorized') {
      this.dispatchEvent(new CustomEvent('cr-unauthorized', { bubbles: true, composed: true }));
    } else if (state.kind === 'gone') {
      // The close reason is a technical English string; the user gets the localized sentence.
      this.gone(t('report.gone'));
    }
  }

  private gone(message: string): void {
    this.conn.abandon(message);
    this.dispatchEvent(
      new CustomEvent('cr-report-gone', { detail: { message }, bubbles: true, composed: true }),
    );
  }

  private async loadDetail(): Promise<void> {
    const id = this.reportId;
    try {
      const detail = await api.report(id);
      if (id === this.reportId) this.detail = detail;
    } catch (err) {
      if (id !== this.reportId) return;
      if (err instanceof ApiError && (err.status === 404 || err.status === 403))
        this.gone(err.message || t('report.gone'));
      else this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  private sectionEl(id: string): CrSection | null {
    return this.renderRoot.querySelector<CrSection>(`cr-section[data-sid="${CSS.escape(id)}"]`);
  }

  private select(id: string): void {
    this.activeId = id;
    void this.updateComplete.then(() =>
      this.sectionEl(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' }),
    );
  }

  /** Every section as a task: progress, due state and open comments joined. */
  private tasks(): Task[] {
    const open = new Map<string, number>();
    for (const x of this.view.threads)
      if (!x.resolved) open.set(x.sectionId, (open.get(x.sectionId) ?? 0) + 1);
    return tasksOf(this.view.outline, this.view.progress.sections, open);
  }

  /** Move to the next placeholder after the last one visited, across sections, wrapping around. */
  private nextPlaceholder(): void {
    const order = this.view.outline.map((s) => s.id);
    const sid = this.walk.next(this.tasks(), this.user.id, order, (id) => this.sectionEl(id));
    if (sid) this.activeId = sid;
  }

  private renderSections() {
    const doc = this.conn.doc;
    if (this.conn.state.kind === 'failed') {
      return html`<div class="error" role="alert">${t('conn.failedLong', { reason: this.conn.state.reason })}</div>`;
    }
    if (!doc || !this.conn.ready || !this.detail)
      return html`<p class="muted center">${t('app.loading')}</p>`;
    const { outline, threads, peers, progress } = this.view;
    if (outline.length === 0) {
      return html`<div class="empty">
        <strong>${t('report.emptyTitle')}</strong>
        ${this.detail.report.role === 'leader' ? t('report.emptyLeader') : t('report.emptyOther')}
      </div>`;
    }
    const ids = outline.map((s) => s.id);
    const bySection = new Map<string, PlacedThread[]>();
    for (const x of threads) bySection.set(x.sectionId, [...(bySection.get(x.sectionId) ?? []), x]);
    return repeat(
      outline,
      (s) => s.id,
      (s, i) => html`<cr-section
        data-sid=${s.id}
        data-print=${printRole(s.title)}
        ?active=${this.activeId === s.id}
        .section=${s}
        .doc=${doc}
        .awareness=${this.conn.provider?.awareness ?? null}
        .members=${this.detail?.members ?? []}
        .reportId=${this.reportId}
        .myRole=${this.detail?.report.role ?? null}
        .userId=${this.user.id}
        .moveUpAfter=${i > 0 ? (ids[i - 2] ?? null) : undefined}
        .moveDownAfter=${i < ids.length - 1 ? ids[i + 1] : undefined}
        .threads=${bySection.get(s.id) ?? []}
        .peers=${peers.filter((p) => p.section === s.id)}
        .chars=${progress.sections.find((p) => p.id === s.id)?.chars ?? 0}
        .activeThread=${this.activeThread}
        .draft=${this.draft?.sectionId === s.id ? this.draft.anchor : null}
        ?canComment=${canComment(this.detail?.report.role ?? null)}
        @focusin=${() => {
          this.activeId = s.id;
        }}
      ></cr-section>`,
    );
  }

  override render() {
    const doc = this.conn.doc;
    const title = (doc && readTitle(doc)) || this.detail?.report.title || '';
    const role = this.detail?.report.role;
    const { outline, threads, peers } = this.view;
    const totals = this.view.progress.totals;
    const tasks = this.tasks();
    const walked = this.walk.walked(tasks, this.user.id);
    const toFill = walked.tasks.reduce((n, x) => n + x.placeholders, 0);
    const ownsAny = tasksOfUser(tasks, this.user.id).length > 0;
    const open = threads.filter((x) => !x.resolved).length;
    const commentsOpen = this.commentsChoice ?? (threads.length > 0 || this.draft !== null);
    return html`
      <cr-report-toolbar
        .reportId=${this.reportId}
        .reportTitle=${title}
        .myRole=${role ?? null}
        ?failed=${this.conn.state.kind === 'failed'}
        .saveStatus=${this.conn.saveStatus}
        ?ready=${this.conn.ready}
        .peers=${peers}
        .titles=${new Map(outline.map((s) => [s.id, (s.number ?? '') + s.title]))}
        .totals=${totals}
        .toFill=${toFill}
        ?ownsAny=${ownsAny}
        ?onlyMine=${this.walk.onlyMine}
        ?commentsOpen=${commentsOpen}
        .openThreads=${open}
        @cr-next-placeholder=${this.nextPlaceholder}
        @cr-only-mine=${(e: CustomEvent<{ on: boolean }>) => this.walk.setOnlyMine(e.detail.on)}
        @cr-open-history=${() => {
          this.historyOf = null;
        }}
        @cr-toggle-comments=${() => {
          this.commentsChoice = !commentsOpen;
        }}
        @cr-renamed=${(e: CustomEvent<{ title: string }>) => {
          // Open editors see the new title through the doc; this is for before it arrives.
          if (this.detail)
            this.detail = { ...this.detail, report: { ...this.detail.report, title: e.detail.title } };
        }}
      ></cr-report-toolbar>
      ${
        this.conn.notice
          ? html`<div class="notice" role="alert">
              <span>${t('conn.refused', { reason: this.conn.notice })}</span>
              <button class="btn ghost small" @click=${() => this.conn.dismissNotice()}>${t('common.dismiss')}</button>
            </div>`
          : ''
      }
      <cr-refused
        .items=${this.conn.refused.items}
        .reportId=${this.reportId}
        @cr-refused-dismiss=${(e: CustomEvent<RefusedText>) => this.conn.refused.dismiss(e.detail)}
      ></cr-refused>
      ${this.walk.message ? html`<div class="notice info" role="status">${this.walk.message}</div>` : ''}
      ${this.loadError ? html`<div class="notice" role="alert">${this.loadError}</div>` : ''}
      <div class="layout ${commentsOpen ? 'with-comments' : ''}">
        <cr-sidebar
          .detail=${this.detail}
          .tasks=${tasks}
          .user=${this.user}
          .activeId=${this.activeId}
          .reportId=${this.reportId}
          @cr-select=${(e: CustomEvent<{ id: string }>) => this.select(e.detail.id)}
          @cr-members-changed=${() => this.loadDetail()}
        ></cr-sidebar>
        <div
          class="doc"
          aria-label=${t('report.sections')}
          @cr-thread-select=${(e: CustomEvent<{ id: string }>) => this.selectThread(e.detail.id, false)}
          @cr-open-history=${(e: CustomEvent<{ sectionId: string }>) => {
            this.historyOf = e.detail.sectionId;
          }}
          @cr-comment-start=${(e: CustomEvent<Draft>) => {
            this.draft = e.detail;
            this.activeThread = null;
            this.commentsChoice = true;
          }}
        >
          <h1 class="print-title" aria-hidden="true">${title}</h1>
          ${this.renderSections()}
        </div>
        ${
          commentsOpen
            ? html`<cr-comments
                .threads=${threads}
                .outline=${outline}
                .members=${this.detail?.members ?? []}
                .draft=${this.draft}
                .userId=${this.user.id}
                .myRole=${role ?? null}
                .reportId=${this.reportId}
                .activeId=${this.activeThread}
                @cr-thread-select=${(e: CustomEvent<{ id: string }>) => this.selectThread(e.detail.id, true)}
                @cr-draft-cancel=${() => {
                  this.draft = null;
                }}
                @cr-draft-posted=${(e: CustomEvent<{ id: string }>) => {
                  this.draft = null;
                  this.activeThread = e.detail.id;
                }}
              ></cr-comments>`
            : ''
        }
      </div>
      ${
        this.historyOf !== undefined
          ? html`<cr-history
              .reportId=${this.reportId}
              .sectionId=${this.historyOf}
              .sections=${outline}
              .members=${this.detail?.members ?? []}
              .myRole=${role ?? null}
              .userId=${this.user.id}
              @cr-close=${() => {
                this.historyOf = undefined;
              }}
            ></cr-history>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-report': CrReport;
  }
}
