/**
 * One section of a report: heading with status, assignees and actions, and a Tiptap editor
 * bound to `body:<sid>`. Editable only where the server would accept the writes; the reason
 * is shown otherwise and re-evaluated whenever the section's entry changes.
 */
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { dayOf, isOverdue } from '../../../shared/due.ts';
import type { Role, SectionInfo, SectionStatus } from '../../../shared/layout.ts';
import type { Member } from '../api.ts';
import { CommentPick } from '../controllers/comment-pick.ts';
import { LocaleController } from '../controllers/locale.ts';
import { SectionEditorController } from '../controllers/section-editor.ts';
import { type Change, SectionWorkflow } from '../controllers/section-workflow.ts';
import { SuggestMode } from '../controllers/suggest-mode.ts';
import { cssProps } from '../css-props.ts';
import { commentRanges } from '../doc/comment-ranges.ts';
import type { PlacedThread } from '../doc/comments.ts';
import { type ReadOnlyReason, writeBlock } from '../doc/permissions.ts';
import type { Peer } from '../doc/presence.ts';
import { nextStatuses } from '../doc/workflow.ts';
import type { CommentRange } from '../editor/comment-highlight.ts';
import { formatDate, formatMoment } from '../format.ts';
import { t } from '../i18n.ts';
import { memberName } from '../members.ts';
import { sectionPrintStyles } from '../print.ts';
import { sectionStyles } from './cr-section.styles.ts';
import './cr-closing-notice.ts';
import './cr-presence.ts';
import './cr-section-settings.ts';
import './cr-section-tools.ts';
import './cr-suggestions.ts';

@customElement('cr-section')
export class CrSection extends LitElement {
  static override styles = [sectionStyles, sectionPrintStyles];

  @property({ attribute: false }) section!: SectionInfo & { note?: string; number?: string };
  @property({ attribute: false }) doc: Y.Doc | null = null;
  @property({ attribute: false }) awareness: Awareness | null = null;
  @property({ attribute: false }) members: Member[] = [];
  @property() reportId = '';
  @property() myRole: Role | null = null;
  @property() userId: string | null = null;
  /** `after` for moving up/down (a section id or null for first); undefined when impossible. */
  @property({ attribute: false }) moveUpAfter: string | null | undefined = undefined;
  @property({ attribute: false }) moveDownAfter: string | null | undefined = undefined;

  /** Threads anchored in this section. */
  @property({ attribute: false }) threads: PlacedThread[] = [];
  /** The selected thread (highlighted even when resolved). */
  @property() activeThread: string | null = null;
  /** The anchor of a comment being written here, highlighted until posted or cancelled. */
  @property({ attribute: false }) draft: { start: string; end: string } | null = null;
  /** Characters in this section (from the report's throttled progress counts). */
  @property({ type: Number }) chars = 0;
  /** Others who are in this section now. */
  @property({ attribute: false }) peers: Peer[] = [];
  /** Whether the user may comment (leader, writer, commenter). */
  @property({ type: Boolean }) canComment = false;

  @state() private settingsOpen = false;
  @query('.editor') private editorHost!: HTMLElement;
  protected readonly i18n = new LocaleController(this);
  private readonly body = new SectionEditorController(this, () => ({
    element: this.editorHost ?? null,
    doc: this.doc,
    awareness: this.awareness,
    sectionId: this.section.id,
    title: this.section.title,
    writable: this.block === null,
    comments: this.commentRanges,
    onSelectThread: (id) => this.emit('cr-thread-select', { id }),
    suggestionLabel: (x) => t('suggest.by', { name: this.nameOf(x.author), time: formatMoment(x.createdAt) }),
  }));
  private readonly picker = new CommentPick(this, this.body, () => ({
    canComment: this.canComment,
    bodyBox: this.renderRoot.querySelector('.body')?.getBoundingClientRect() ?? null,
    sectionId: this.section.id,
  }));
  private readonly workflow = new SectionWorkflow(this, () => ({
    reportId: this.reportId,
    section: this.section,
    leader: this.myRole === 'leader',
    members: this.members,
    peers: this.peers,
    placeholders: () => this.body.placeholders().length,
  }));
  private readonly suggest = new SuggestMode(
    this,
    this.body,
    () => this.reportId,
    (message) => this.workflow.fail(message),
  );
  private commentRanges: CommentRange[] = [];
  private rangesKey = '';
  private rangesChanged = false;

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('threads') && !changed.has('activeThread') && !changed.has('draft')) return;
    const { key, ranges } = commentRanges(this.threads, this.activeThread, this.draft);
    if (key === this.rangesKey) return;
    this.rangesKey = key;
    this.commentRanges = ranges;
    this.rangesChanged = true;
  }

  /** Scroll to a thread's text and flash it; false when its text is not shown. */
  revealThread(id: string): boolean {
    return this.body.revealThread(id);
  }

  /** Whether an announced change (`closing`) will stop us writing here: then we get the countdown. */
  private stoppedByClosing(): boolean {
    const c = this.section.closing;
    if (!c || c.byId === this.userId || this.block !== null) return false;
    if (c.status === null) {
      const me = this.members.find((m) => m.userId === this.userId);
      return me !== undefined && c.writers.includes(me.displayName);
    }
    return writeBlock({ ...this.section, status: c.status }, this.myRole, this.userId) !== null;
  }

  private get block(): ReadOnlyReason {
    return writeBlock(this.section, this.myRole, this.userId);
  }

  override updated(changed: PropertyValues<this>): void {
    this.body.sync(
      changed.has('doc') ||
        changed.has('awareness') ||
        (changed.has('section') && changed.get('section')?.id !== this.section.id),
    );
    if (this.rangesChanged) {
      this.rangesChanged = false;
      this.body.refreshComments();
    }
  }

  /** Placeholder ranges in this section's current text, in order. */
  placeholders(): { from: number; to: number }[] {
    return this.body.placeholders();
  }

  /** Select a placeholder range and bring it into view. */
  reveal(range: { from: number; to: number }): void {
    this.body.reveal(range);
  }

  private nameOf(userId: string): string {
    return memberName(this.members, userId);
  }

  /** Asks the leader to confirm, when the change needs it (定稿, 退回, stopping someone typing). */
  confirmChange(change: Change): boolean {
    return this.workflow.confirm(change);
  }

  /** Who may use the 建议修改 mode here: anyone who may comment and cannot (or, a leader, need not) write directly. */
  private get canSuggest(): boolean {
    const role = this.myRole;
    return role === 'commenter' || role === 'leader' || (role === 'writer' && this.block !== null);
  }

  private renderSuggestBar() {
    if (!this.canSuggest) return '';
    const on = this.suggest.on;
    const toggle = () => this.suggest.toggle();
    return html`<div class="suggest-bar">
      <button class="btn small ${on ? 'primary' : 'ghost'} suggest-toggle" aria-pressed=${on ? 'true' : 'false'} @click=${toggle}>${t('suggest.mode')}</button>
      ${
        on
          ? html`<span class="muted">${t('suggest.modeHint')}</span>
            <button class="btn small primary suggest-submit" ?disabled=${this.busy} @click=${() => this.suggest.submit()}>${t('suggest.submit')}</button>
            <button class="btn small suggest-discard" @click=${toggle}>${t('suggest.discard')}</button>`
          : ''
      }
      ${this.suggest.note ? html`<span class="muted suggest-note" role="status">${this.suggest.note}</span>` : ''}
    </div>`;
  }

  private reasonText(block: ReadOnlyReason): string {
    if (block === null) return '';
    if (block.kind === 'approved') return t('section.lockedApproved');
    if (block.kind === 'submitted') return t('section.lockedSubmitted');
    if (block.kind === 'role') return t('section.lockedRole');
    if (block.kind === 'unassigned') return t('section.lockedUnassigned');
    return t('section.lockedOwned', { names: block.by.map((id) => this.nameOf(id)).join('、') });
  }

  private renderActions() {
    const s = this.section;
    const leader = this.myRole === 'leader';
    const mine = this.userId !== null && s.assignees.includes(this.userId);
    const next = nextStatuses(s.status, leader, mine);
    const button = (status: SectionStatus, label: string, primary = false) =>
      html`<button class="btn small ${primary ? 'primary' : ''}" ?disabled=${this.busy} @click=${() =>
        status === 'returned' ? this.openReturn() : this.workflow.setStatus(status)}>${label}</button>`;
    return [
      next.includes('submitted') && (mine || s.status === 'drafting')
        ? button('submitted', t('section.submit'), mine)
        : '',
      next.includes('approved') ? button('approved', t('section.approve'), true) : '',
      next.includes('returned')
        ? button('returned', s.status === 'approved' ? t('section.reopen') : t('section.return'))
        : '',
      html`<button class="btn small ghost history" @click=${this.openHistory}>${t('history.open')}</button>`,
      leader
        ? html`<button
            class="btn small ghost"
            aria-expanded=${this.settingsOpen ? 'true' : 'false'}
            @click=${() => {
              this.settingsOpen = !this.settingsOpen;
            }}
          >${t('section.settings')}</button>`
        : '',
    ];
  }

  /** cr-report opens the history dialog for this section. */
  private openHistory = () => {
    this.dispatchEvent(
      new CustomEvent('cr-open-history', {
        detail: { sectionId: this.section.id },
        bubbles: true,
        composed: true,
      }),
    );
  };

  /** Status changes and suggestions share the one busy state: a button waits for either. */
  private get busy(): boolean {
    return this.workflow.busy || this.suggest.busy;
  }

  private openReturn(): void {
    this.workflow.setReturning(true);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>('.return input')?.focus(),
    );
  }

  private async confirmReturn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const note = String(new FormData(e.target as HTMLFormElement).get('note') ?? '').trim();
    await this.workflow.confirmReturn(note);
  }

  private renderReturn() {
    return html`<form class="return" @submit=${this.confirmReturn}>
      <input class="input" name="note" maxlength="500" placeholder=${t('section.returnPlaceholder')} aria-label=${t('section.returnLabel')} />
      <button class="btn small primary" type="submit" ?disabled=${this.busy}>${t('section.returnConfirm')}</button>
      <button class="btn small" type="button" @click=${() => this.workflow.setReturning(false)}>${t('common.cancel')}</button>
    </form>`;
  }

  /** The due date; once passed while the section is still being written, in red. */
  private renderDue() {
    const s = this.section;
    if (!s.due) return '';
    const late = isOverdue(s, dayOf(Date.now()));
    return html`<span class="small due ${late ? 'overdue' : 'muted'}">${t(late ? 'task.overdue' : 'section.due', { date: formatDate(s.due) })}</span>`;
  }

  override render() {
    const s = this.section;
    const block = this.block;
    const suggesting = this.body.suggesting;
    const { pick } = this.picker;
    const level = Math.min(Math.max(s.level, 1), 4);
    return html`
      <section class="level-${level}" aria-labelledby="title">
        <div class="head">
          <div class="title-row">
            <span id="title" class="title" role="heading" aria-level=${level + 1}>${s.number ?? ''}${s.title || t('section.untitled')}</span>
            <span class="badge ${s.status}">${t(`status.${s.status}`)}</span>
            <cr-presence compact .peers=${this.peers} .titles=${new Map([[s.id, (s.number ?? '') + s.title]])}></cr-presence>
          </div>
          <div class="meta">
            ${
              s.assignees.length
                ? s.assignees.map(
                    (id) => html`<span class="chip" title=${t('section.assignee')}>${this.nameOf(id)}</span>`,
                  )
                : html`<span class="muted small">${t('section.noAssignee')}</span>`
            }
            ${this.renderDue()}
            <span class="muted small chars">${t('section.chars', { n: this.chars })}</span>
          </div>
          <div class="actions">${this.renderActions()}</div>
        </div>
        ${this.stoppedByClosing() ? html`<cr-closing-notice .closing=${s.closing}></cr-closing-notice>` : ''}
        ${this.workflow.returning ? this.renderReturn() : ''}
        ${s.status === 'returned' && s.note ? html`<div class="note" role="note">${t('section.returnNote', { note: s.note })}</div>` : ''}
        ${this.workflow.error ? html`<div class="error" role="alert">${this.workflow.error}</div>` : ''}
        ${
          this.workflow.offerForce
            ? html`<button class="btn small force-approve" ?disabled=${this.busy} @click=${() =>
                this.workflow.setStatus(
                  'approved',
                  undefined,
                  true,
                  true,
                )}>${t('suggest.forceApprove')}</button>`
            : ''
        }
        ${this.renderSuggestBar()}
        ${
          this.settingsOpen && this.myRole === 'leader'
            ? html`<cr-section-settings
                .section=${s}
                .members=${this.members}
                .reportId=${this.reportId}
                .moveUpAfter=${this.moveUpAfter}
                .moveDownAfter=${this.moveDownAfter}
                .confirmChange=${(change: Change) => this.confirmChange(change)}
                @cr-close=${() => {
                  this.settingsOpen = false;
                }}
              ></cr-section-settings>`
            : ''
        }
        ${this.body.error ? html`<div class="error" role="alert">${this.body.error}</div>` : ''}
        <div class="body ${block && !suggesting ? 'readonly' : 'writable'} ${suggesting ? 'suggesting' : ''}">
          ${block && !suggesting ? html`<div class="lock" data-reason=${block.kind}>${this.reasonText(block)}</div>` : ''}
          ${
            block === null && !suggesting && this.body.instance
              ? html`<cr-section-tools
                  class="tools"
                  .editor=${this.body.instance}
                  .level=${level}
                  ?editable=${this.body.editable}
                ></cr-section-tools>`
              : ''
          }
          <div class="editor"></div>
          ${
            pick
              ? html`<button
                  class="btn small primary comment-pick"
                  ${cssProps({ left: `${pick.x}px`, top: `${pick.y}px` })}
                  @mousedown=${(e: Event) => e.preventDefault()}
                  @click=${() => this.picker.start()}
                >${t('comments.add')}</button>`
              : ''
          }
          ${this.body.fallbackText !== null ? html`<div class="fallback">${this.body.fallbackText}</div>` : ''}
        </div>
        <cr-suggestions
          .doc=${this.doc}
          .section=${s}
          .members=${this.members}
          .reportId=${this.reportId}
          .myRole=${this.myRole}
          .userId=${this.userId}
        ></cr-suggestions>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-section': CrSection;
  }
}
