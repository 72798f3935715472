/**
 * Version history of one section, or of the whole report (docs/history.md): the versions with time,
 * kind, authors and characters added/removed; the chosen one compared with the text now (insertions
 * and deletions in their authors' colours) or shown read-only; restore with confirmation for whoever
 * may (a leader; the writer while the section is editable); for leaders, named versions (送审稿),
 * the section's edit log and the activity export. Fires `cr-close` when closed.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Role } from '../../../shared/layout.ts';
import { userColor } from '../../../shared/user-color.ts';
import { writeRefusal } from '../../../shared/workflow.ts';
import { ApiError, type AuditEntry, api, type DiffSegment, type Member, type VersionInfo } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { cssProps } from '../css-props.ts';
import type { SectionView } from '../doc/outline.ts';
import { formatMoment } from '../format.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import { historyStyles } from './cr-history.styles.ts';

type Mode = 'diff' | 'view' | 'audit';
type Shown =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'diff'; segments: DiffSegment[]; added: number; removed: number }
  | { kind: 'view'; blocks: { type: string; level?: number; text: string }[] }
  | { kind: 'audit'; entries: AuditEntry[] };

@customElement('cr-history')
export class CrHistory extends LitElement {
  static override styles = [base, ...historyStyles];

  @property() reportId = '';
  /** The section whose history is shown; null for the whole report. */
  @property() sectionId: string | null = null;
  @property({ attribute: false }) sections: SectionView[] = [];
  @property({ attribute: false }) members: Member[] = [];
  @property() myRole: Role | null = null;
  @property() userId: string | null = null;
  @state() private versions: VersionInfo[] | null = null;
  @state() private selected: VersionInfo | null = null;
  @state() private mode: Mode = 'diff';
  @state() private shown: Shown = { kind: 'none' };
  @state() private message: string | null = null;
  @state() private error: string | null = null;
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  protected readonly i18n = new LocaleController(this);

  override firstUpdated(): void {
    this.dialog.showModal();
    void this.load();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sectionId') && changed.get('sectionId') !== undefined) void this.load();
  }

  private get leader(): boolean {
    return this.myRole === 'leader';
  }

  private nameOf(id: string | null): string {
    if (!id) return '';
    return this.members.find((m) => m.userId === id)?.displayName ?? id;
  }

  private sectionOf(id: string): SectionView | undefined {
    return this.sections.find((s) => s.id === id);
  }

  private sectionLabel(id: string): string {
    const s = this.sectionOf(id);
    return s ? `${s.number ?? ''}${s.title}` : id;
  }

  /** Mirrors the server: a leader, or an assignee while they may write the section. */
  private mayRestore(v: VersionInfo): boolean {
    const s = this.sectionOf(v.sectionId);
    if (!s || !this.userId) return false;
    if (this.leader) return true;
    return this.myRole === 'writer' && writeRefusal(s, 'writer', this.userId) === null;
  }

  private async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    this.error = null;
    try {
      return await fn();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
      return undefined;
    }
  }

  private async load(): Promise<void> {
    this.versions = null;
    const res = await this.run(() => api.versions(this.reportId, this.sectionId));
    this.versions = res?.versions ?? [];
    const keep = this.selected && this.versions.find((v) => v.id === this.selected?.id);
    this.selected = keep ?? null;
    if (this.selected) void this.show(this.selected, this.mode);
  }

  private async show(v: VersionInfo, mode: Mode): Promise<void> {
    this.selected = v;
    this.mode = mode;
    this.shown = { kind: 'loading' };
    if (mode === 'diff') {
      const d = await this.run(() => api.versionDiff(this.reportId, v.id));
      this.shown = d ? { kind: 'diff', ...d } : { kind: 'none' };
    } else if (mode === 'view') {
      const d = await this.run(() => api.version(this.reportId, v.id));
      this.shown = d ? { kind: 'view', blocks: d.blocks } : { kind: 'none' };
    } else {
      const d = await this.run(() => api.audit(this.reportId, v.sectionId));
      this.shown = d ? { kind: 'audit', entries: d.entries } : { kind: 'none' };
    }
  }

  private async restore(): Promise<void> {
    const v = this.selected;
    if (!v) return;
    const question = t('history.restoreConfirm', {
      section: this.sectionLabel(v.sectionId),
      time: formatMoment(v.createdAt),
    });
    if (!window.confirm(question)) return;
    this.busy = true;
    const done = await this.run(() => api.restoreVersion(this.reportId, v.id));
    this.busy = false;
    if (!done) return;
    this.message = t('history.restored');
    await this.load();
  }

  private async saveNamed(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return;
    const done = await this.run(() => api.nameVersion(this.reportId, name, this.sectionId ?? undefined));
    if (!done) return;
    form.reset();
    this.message = t('history.saved', { name });
    await this.load();
  }

  private close = () => this.dialog.close();

  private renderItem(v: VersionInfo) {
    const kind =
      v.kind === 'named' && v.name ? `${t('history.kind.named')}：${v.name}` : t(`history.kind.${v.kind}`);
    return html`<li>
      <button aria-current=${this.selected?.id === v.id ? 'true' : 'false'} @click=${() => this.show(v, this.mode === 'audit' ? 'diff' : this.mode)}>
        <span class="when">${formatMoment(v.createdAt)}</span>
        <span class="kind">${kind}${this.sectionId ? '' : ` · ${this.sectionLabel(v.sectionId)}`}${
          v.createdBy && v.kind !== 'auto' ? ` · ${t('history.by', { name: this.nameOf(v.createdBy) })}` : ''
        }</span>
        <span class="who">
          ${
            v.authors.length
              ? v.authors.map(
                  (a) => html`<span ${cssProps({ '--c': userColor(a) })}>${this.nameOf(a)}</span>`,
                )
              : html`<span>${t('history.noAuthors')}</span>`
          }
          <span class="plus">+${v.added}</span><span class="minus">−${v.removed}</span>
        </span>
      </button>
    </li>`;
  }

  private renderSegment(s: DiffSegment) {
    if (s.op === 'same') return s.text;
    const names = (s.authors ?? []).map((a) => this.nameOf(a)).join('、');
    const color = { '--c': userColor(s.authors?.[0] ?? '') };
    return s.op === 'ins'
      ? html`<ins ${cssProps(color)} title=${t('history.inserted', { names })}>${s.text}</ins>`
      : html`<del ${cssProps(color)} title=${t('history.deleted', { names })}>${s.text}</del>`;
  }

  private renderShown() {
    const s = this.shown;
    if (s.kind === 'none') return html`<p class="muted">${t('history.pick')}</p>`;
    if (s.kind === 'loading') return html`<p class="muted">${t('history.loading')}</p>`;
    if (s.kind === 'view')
      return s.blocks.map((b) => html`<p class="block ${b.type}">${b.text || '\u00a0'}</p>`);
    if (s.kind === 'audit') {
      if (!s.entries.length) return html`<p class="muted">${t('history.auditEmpty')}</p>`;
      return html`<ul class="audit">${s.entries.map(
        (e) =>
          html`<li>${t('history.auditLine', { name: this.nameOf(e.userId), time: formatMoment(e.startedAt), added: e.added, removed: e.removed })}</li>`,
      )}</ul>`;
    }
    const changed = s.segments.some((x) => x.op !== 'same');
    return html`<p class="muted small">${changed ? t('history.diffSummary', { added: s.added, removed: s.removed }) : t('history.noChange')}</p>
      <div class="diff">${s.segments.map((x) => this.renderSegment(x))}</div>`;
  }

  private renderPane() {
    const v = this.selected;
    const tab = (mode: Mode, label: string) =>
      html`<button class="btn small" aria-pressed=${this.mode === mode ? 'true' : 'false'} @click=${() => v && this.show(v, mode)}>${label}</button>`;
    return html`<section class="pane" aria-label=${t('history.title')}>
      ${
        v
          ? html`<div class="pane-head">
              <span class="tabs">${tab('diff', t('history.diff'))} ${tab('view', t('history.view'))} ${this.leader ? tab('audit', t('history.audit')) : nothing}</span>
              <span class="spacer"></span>
              ${
                this.mayRestore(v)
                  ? html`<button class="btn small primary restore" ?disabled=${this.busy} @click=${this.restore}>${t('history.restore')}</button>`
                  : html`<span class="muted small">${t('history.restoreNo')}</span>`
              }
            </div>`
          : ''
      }
      ${this.message ? html`<div class="msg" role="status">${this.message}</div>` : ''}
      ${this.error ? html`<div class="msg error" role="alert">${this.error}</div>` : ''}
      <div class="content">${this.renderShown()}</div>
    </section>`;
  }

  override render() {
    const title = this.sectionId
      ? t('history.titleSection', { section: this.sectionLabel(this.sectionId) })
      : t('history.title');
    const list = this.versions;
    return html`<dialog aria-labelledby="history-title" @close=${() => this.dispatchEvent(new CustomEvent('cr-close'))}>
      <header>
        <h2 id="history-title" title=${title}>${title}</h2>
        <button class="btn ghost close" aria-label=${t('history.close')} @click=${this.close}>×</button>
        ${
          this.leader
            ? html`<form class="name-form" @submit=${this.saveNamed}>
                <input class="input" name="name" maxlength="60" required aria-label=${t('history.nameLabel')} placeholder=${t('history.namePlaceholder')} />
                <button class="btn small" type="submit">${t('history.save')}</button>
              </form>
              ${
                this.sectionId
                  ? ''
                  : html`<a class="btn small" href="/api/reports/${encodeURIComponent(this.reportId)}/activity.csv" download>${t('history.exportCsv')}</a>`
              }`
            : ''
        }
      </header>
      <div class="panes">
        <ol aria-label=${list ? t('history.count', { n: list.length }) : t('history.loading')}>
          ${
            list === null
              ? html`<li class="muted msg">${t('history.loading')}</li>`
              : list.length === 0
                ? html`<li class="muted msg">${t('history.empty')}</li>`
                : list.map((v) => this.renderItem(v))
          }
        </ol>
        ${this.renderPane()}
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-history': CrHistory;
  }
}
