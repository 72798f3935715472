/**
 * Leader's settings for one section: rename, level, assignees, status, due date, move and
 * delete. Changes go through REST; the result arrives back through the Y.Doc like any other.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SectionInfo, SectionStatus } from '../../../shared/layout.ts';
import { ApiError, api, type Member, type SectionPatch } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { nextStatuses } from '../doc/workflow.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';

const LEVELS = [1, 2, 3, 4];

@customElement('cr-section-settings')
export class CrSectionSettings extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        margin-top: 12px;
        padding: 14px 16px;
        border-radius: 8px;
        background: #f7f8fa;
        border: 1px solid var(--cr-border);
      }
      /* Each label sits right above its own field, so they stay paired at any width. */
      form {
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 4px;
        min-width: 0;
      }
      .k {
        font-size: 13px;
        color: var(--cr-muted);
      }
      .fields {
        display: flex;
        flex-wrap: wrap;
        gap: 10px 14px;
      }
      .fields .field {
        flex: 1 1 140px;
      }
      fieldset.people {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 14px;
        border: 0;
        margin: 0;
        padding: 0;
      }
      fieldset.people legend {
        padding: 0;
        margin-bottom: 4px;
      }
      .people label {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        font-size: 13px;
      }
      .title-input {
        width: 100%;
      }
      .footer {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        padding-top: 4px;
      }
      .spacer {
        flex: 1;
      }
    `,
  ];

  @property({ attribute: false }) section!: SectionInfo;
  @property({ attribute: false }) members: Member[] = [];
  @property() reportId = '';
  @property({ attribute: false }) moveUpAfter: string | null | undefined = undefined;
  @property({ attribute: false }) moveDownAfter: string | null | undefined = undefined;
  /** Asks the leader to confirm a change that needs it (定稿, 退回, stopping someone typing). */
  @property({ attribute: false }) confirmChange: (change: {
    status?: SectionStatus;
    assignees?: string[];
  }) => boolean = () => true;
  @state() private busy = false;
  @state() private error: string | null = null;
  @state() private confirmDelete = false;
  protected readonly i18n = new LocaleController(this);

  private async run(work: () => Promise<unknown>, closeAfter = false): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await work();
      if (closeAfter) this.close();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('cr-close'));
  }

  private save(e: SubmitEvent): void {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const s = this.section;
    const patch: SectionPatch = {};
    const title = String(form.get('title') ?? '').trim();
    if (title && title !== s.title) patch.title = title;
    const level = Number(form.get('level'));
    if (level !== s.level) patch.level = level;
    const assignees = form.getAll('assignees').map(String);
    if (assignees.join() !== s.assignees.join()) patch.assignees = assignees;
    const status = String(form.get('status')) as SectionStatus;
    if (status !== s.status) patch.status = status;
    const due = String(form.get('due') ?? '') || null;
    if (due !== s.due) patch.due = due;
    if (Object.keys(patch).length === 0) {
      this.close();
      return;
    }
    if (!this.confirmChange({ status: patch.status, assignees: patch.assignees })) return;
    void this.run(() => api.patchSection(this.reportId, s.id, patch), true);
  }

  override render() {
    const s = this.section;
    // Only people who can write may own a section; keep current assignees listed whatever their role.
    const people = this.members.filter(
      (m) => m.role === 'writer' || m.role === 'leader' || s.assignees.includes(m.userId),
    );
    return html`
      <form @submit=${this.save} aria-label=${t('settings.label')}>
        <label class="field">
          <span class="k">${t('settings.title')}</span>
          <input class="input title-input" id="title" name="title" .value=${s.title} required maxlength="200" />
        </label>

        <div class="fields">
          <label class="field">
            <span class="k">${t('settings.level')}</span>
            <select class="input" id="level" name="level">
              ${LEVELS.map((l) => html`<option value=${l} ?selected=${l === s.level}>${t('settings.levelN', { n: l })}</option>`)}
            </select>
          </label>
          <label class="field">
            <span class="k">${t('settings.status')}</span>
            <select class="input" id="status" name="status">
              ${[s.status, ...nextStatuses(s.status, true, false)].map((st) => html`<option value=${st} ?selected=${st === s.status}>${t(`status.${st}`)}</option>`)}
            </select>
          </label>
          <label class="field">
            <span class="k">${t('settings.due')}</span>
            <input class="input" id="due" name="due" type="date" .value=${s.due ?? ''} />
          </label>
        </div>

        <fieldset class="people">
          <legend class="k">${t('settings.assignees')}</legend>
          ${
            people.length
              ? people.map(
                  (m) => html`<label>
                    <input type="checkbox" name="assignees" value=${m.userId} ?checked=${s.assignees.includes(m.userId)} />
                    ${m.displayName || m.username}
                  </label>`,
                )
              : html`<span class="muted">${t('settings.noWriters')}</span>`
          }
        </fieldset>

        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
        <div class="footer">
          <button class="btn primary" type="submit" ?disabled=${this.busy}>${t('common.save')}</button>
          <button class="btn" type="button" @click=${this.close}>${t('common.cancel')}</button>
          <span class="spacer"></span>
          <button
            class="btn"
            type="button"
            ?disabled=${this.busy || this.moveUpAfter === undefined}
            @click=${() => this.run(() => api.moveSection(this.reportId, s.id, this.moveUpAfter ?? null))}
          >${t('settings.moveUp')}</button>
          <button
            class="btn"
            type="button"
            ?disabled=${this.busy || this.moveDownAfter === undefined}
            @click=${() => this.run(() => api.moveSection(this.reportId, s.id, this.moveDownAfter ?? null))}
          >${t('settings.moveDown')}</button>
          ${
            this.confirmDelete
              ? html`<button class="btn danger" type="button" ?disabled=${this.busy}
                  @click=${() => this.run(() => api.deleteSection(this.reportId, s.id))}>${t('settings.confirmDelete')}</button>`
              : html`<button class="btn danger" type="button" @click=${() => {
                  this.confirmDelete = true;
                }}>${t('settings.delete')}</button>`
          }
        </div>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-section-settings': CrSectionSettings;
  }
}
