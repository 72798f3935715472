/**
 * One section of a report: heading with status, assignees and actions, and a Tiptap editor
 * bound to `body:<sid>`. Editable only where the server would accept the writes; the reason
 * is shown otherwise and re-evaluated whenever the section's entry changes.
 */
import type { Editor } from '@tiptap/core';
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { bodyRoot, type Role, type SectionInfo, type SectionStatus } from '../../../shared/layout.ts';
import { fragmentText } from '../../../shared/progress.ts';
import { ApiError, api, type Member } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { type ReadOnlyReason, writeBlock } from '../doc/permissions.ts';
import { nextStatuses } from '../doc/workflow.ts';
import { createSectionEditor } from '../editor/create-editor.ts';
import { placeholderRanges } from '../editor/placeholder-highlight.ts';
import { misfit } from '../editor/schema-guard.ts';
import { formatDate } from '../format.ts';
import { lang, t } from '../i18n.ts';
import { memberName } from '../members.ts';
import { sectionStyles } from './cr-section.styles.ts';
import './cr-section-settings.ts';

@customElement('cr-section')
export class CrSection extends LitElement {
  static override styles = sectionStyles;

  @property({ attribute: false }) section!: SectionInfo & { note?: string };
  @property({ attribute: false }) doc: Y.Doc | null = null;
  @property({ attribute: false }) awareness: Awareness | null = null;
  @property({ attribute: false }) members: Member[] = [];
  @property() reportId = '';
  @property() myRole: Role | null = null;
  @property() userId: string | null = null;
  /** `after` for moving up/down (a section id or null for first); undefined when impossible. */
  @property({ attribute: false }) moveUpAfter: string | null | undefined = undefined;
  @property({ attribute: false }) moveDownAfter: string | null | undefined = undefined;

  @state() private settingsOpen = false;
  @state() private returning = false;
  @state() private busy = false;
  @state() private actionError: string | null = null;
  @state() private contentError: string | null = null;
  @query('.editor') private editorHost!: HTMLElement;
  private editor: Editor | null = null;
  private unguard: (() => void) | null = null;
  /** Plain text shown instead of an editor when the body does not fit the schema. */
  @state() private fallbackText: string | null = null;
  private renderedLang = lang();
  protected readonly i18n = new LocaleController(this);

  private get block(): ReadOnlyReason {
    return writeBlock(this.section, this.myRole, this.userId);
  }

  private get editable(): boolean {
    return this.block === null && this.contentError === null;
  }

  override updated(changed: PropertyValues<this>): void {
    const rebind =
      changed.has('doc') ||
      changed.has('awareness') ||
      (changed.has('section') && changed.get('section')?.id !== this.section.id);
    // Bound = guard installed (with an editor, or with the read-only fallback when content does not fit).
    if (rebind || (!this.unguard && this.doc && this.isConnected)) this.createEditor();
    else if (this.editor && this.editor.isEditable !== this.editable)
      this.editor.setEditable(this.editable, false);
    else if (this.editor && this.renderedLang !== lang()) {
      // Re-run decoration props (the empty-section hint) in the new language; no transaction.
      this.editor.view.updateState(this.editor.state);
    }
    this.renderedLang = lang();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected after a keyed move in the outline: the editor survived, nothing to do.
    if (this.hasUpdated && !this.unguard && this.doc) this.createEditor();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A keyed reorder disconnects and reconnects in the same task; only a real removal destroys.
    queueMicrotask(() => {
      if (!this.isConnected) this.destroyEditor();
    });
  }

  private createEditor(): void {
    this.destroyEditor();
    const doc = this.doc;
    if (!doc || !this.editorHost) return;
    const fragment = doc.getXmlFragment(bodyRoot(this.section.id));
    // Registered before the editor's own observer, so it runs first on every remote change.
    const guard = (_events: unknown, tx: Y.Transaction) => {
      if (tx.local) return;
      const bad = misfit(fragment) !== null;
      if (bad && this.editor) this.unfit(fragment);
      else if (bad) this.fallbackText = fragmentText(fragment);
      // Fixed by someone else: mount the editor again, outside this observer call.
      else if (!this.editor) queueMicrotask(() => this.createEditor());
    };
    fragment.observeDeep(guard);
    this.unguard = () => fragment.unobserveDeep(guard);
    if (misfit(fragment) !== null) {
      this.unfit(fragment);
      return;
    }
    this.contentError = null;
    this.fallbackText = null;
    this.editor = createSectionEditor({
      element: this.editorHost,
      doc,
      awareness: this.awareness,
      sectionId: this.section.id,
      editable: this.editable,
      label: t('section.editorLabel', { title: this.section.title }),
      emptyHint: () => (this.editable ? t('section.emptyHint') : t('section.emptyReadonly')),
      onInvalid: (error) => {
        console.error('coreport: section content does not fit the schema', this.section.id, error);
        this.contentError = t('section.contentError');
      },
    });
  }

  /** Content the editor cannot show: take the editor down before y-tiptap "repairs" it. */
  private unfit(fragment: Y.XmlFragment): void {
    console.error('coreport: section body does not fit the editor schema', this.section.id, misfit(fragment));
    this.editor?.destroy();
    this.editor = null;
    this.editorHost?.replaceChildren();
    this.contentError = t('section.contentError');
    this.fallbackText = fragmentText(fragment);
  }

  private destroyEditor(): void {
    this.unguard?.();
    this.unguard = null;
    this.editor?.destroy();
    this.editor = null;
    this.fallbackText = null;
    if (this.editorHost) this.editorHost.replaceChildren();
  }

  /** Placeholder ranges in this section's current text, in order. */
  placeholders(): { from: number; to: number }[] {
    return this.editor ? placeholderRanges(this.editor.state.doc) : [];
  }

  /** Select a placeholder range and bring it into view. */
  reveal(range: { from: number; to: number }): void {
    const editor = this.editor;
    if (!editor) return;
    editor.chain().setTextSelection(range).scrollIntoView().run();
    if (editor.isEditable) editor.commands.focus();
    else editor.view.domAtPos(range.from).node.parentElement?.scrollIntoView({ block: 'center' });
  }

  private nameOf(userId: string): string {
    return memberName(this.members, userId);
  }

  private async setStatus(status: SectionStatus, note?: string): Promise<void> {
    this.busy = true;
    this.actionError = null;
    try {
      await api.patchSection(this.reportId, this.section.id, note ? { status, note } : { status });
    } catch (err) {
      this.actionError = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private reasonText(block: ReadOnlyReason): string {
    if (block === null) return '';
    if (block.kind === 'approved') return t('section.lockedApproved');
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
        status === 'returned' ? this.openReturn() : this.setStatus(status)}>${label}</button>`;
    return [
      next.includes('submitted') && (mine || s.status === 'drafting')
        ? button('submitted', t('section.submit'), mine)
        : '',
      next.includes('approved') ? button('approved', t('section.approve'), true) : '',
      next.includes('returned')
        ? button('returned', s.status === 'approved' ? t('section.reopen') : t('section.return'))
        : '',
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

  private openReturn(): void {
    this.returning = true;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>('.return input')?.focus(),
    );
  }

  private async confirmReturn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const note = String(new FormData(e.target as HTMLFormElement).get('note') ?? '').trim();
    await this.setStatus('returned', note);
    if (!this.actionError) this.returning = false;
  }

  private renderReturn() {
    return html`<form class="return" @submit=${this.confirmReturn}>
      <input class="input" name="note" maxlength="500" placeholder=${t('section.returnPlaceholder')} aria-label=${t('section.returnLabel')} />
      <button class="btn small primary" type="submit" ?disabled=${this.busy}>${t('section.returnConfirm')}</button>
      <button class="btn small" type="button" @click=${() => {
        this.returning = false;
      }}>${t('common.cancel')}</button>
    </form>`;
  }

  override render() {
    const s = this.section;
    const block = this.block;
    const level = Math.min(Math.max(s.level, 1), 4);
    return html`
      <section class="level-${level}" aria-labelledby="title">
        <div class="head">
          <div class="title-row">
            <span id="title" class="title" role="heading" aria-level=${level + 1}>${s.title || t('section.untitled')}</span>
            <span class="badge ${s.status}">${t(`status.${s.status}`)}</span>
          </div>
          <div class="meta">
            ${
              s.assignees.length
                ? s.assignees.map(
                    (id) => html`<span class="chip" title=${t('section.assignee')}>${this.nameOf(id)}</span>`,
                  )
                : html`<span class="muted small">${t('section.noAssignee')}</span>`
            }
            ${s.due ? html`<span class="muted small">${t('section.due', { date: formatDate(s.due) })}</span>` : ''}
          </div>
          <div class="actions">${this.renderActions()}</div>
        </div>
        ${this.returning ? this.renderReturn() : ''}
        ${s.status === 'returned' && s.note ? html`<div class="note" role="note">${t('section.returnNote', { note: s.note })}</div>` : ''}
        ${this.actionError ? html`<div class="error" role="alert">${this.actionError}</div>` : ''}
        ${
          this.settingsOpen && this.myRole === 'leader'
            ? html`<cr-section-settings
                .section=${s}
                .members=${this.members}
                .reportId=${this.reportId}
                .moveUpAfter=${this.moveUpAfter}
                .moveDownAfter=${this.moveDownAfter}
                @cr-close=${() => {
                  this.settingsOpen = false;
                }}
              ></cr-section-settings>`
            : ''
        }
        ${this.contentError ? html`<div class="error" role="alert">${this.contentError}</div>` : ''}
        <div class="body ${block ? 'readonly' : 'writable'}">
          ${block ? html`<div class="lock" data-reason=${block.kind}>${this.reasonText(block)}</div>` : ''}
          <div class="editor"></div>
          ${this.fallbackText !== null ? html`<div class="fallback">${this.fallbackText}</div>` : ''}
        </div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-section': CrSection;
  }
}
