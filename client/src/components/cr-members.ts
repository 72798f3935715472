/** Leader's member management: change roles, remove, add a user or a whole group (科室) with a role. */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ROLES, type Role } from '../../../shared/layout.ts';
import { accountsApi, type Group } from '../accounts-api.ts';
import { api, type Member, type User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import './cr-user-form.ts';

@customElement('cr-members')
export class CrMembers extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        font-size: 13px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 6px 4px;
        border-bottom: 1px solid var(--cr-border);
      }
      .name {
        flex: 1;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      select.input {
        height: 28px;
        padding: 0 4px;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-top: 12px;
      }
      form select.input:first-child {
        flex: 1;
        min-width: 120px;
      }
      .error {
        margin-top: 8px;
      }
    `,
  ];

  @property({ attribute: false }) members: Member[] = [];
  @property() reportId = '';
  @property() selfId: string | null = null;
  /** Admins may also create accounts here. */
  @property({ type: Boolean }) admin = false;
  @state() private users: User[] = [];
  @state() private groups: Group[] = [];
  @state() private notice: string | null = null;
  @state() private error: string | null = null;
  @state() private busy = false;
  protected readonly i18n = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.loadUsers();
    this.loadGroups();
  }

  private loadGroups(): void {
    // Without groups the form is not shown; a failure here hides nothing else.
    accountsApi.groups().then(
      ({ groups }) => {
        this.groups = groups;
      },
      () => undefined,
    );
  }

  private addGroup(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const groupId = String(data.get('group') ?? '');
    const role = String(data.get('role')) as Role;
    if (!groupId) return;
    void this.run(async () => {
      const { added, kept } = await accountsApi.addGroupToReport(this.reportId, groupId, role);
      this.notice = t('members.groupAdded', { added: added.length, kept: kept.length });
    });
  }

  private loadUsers(): void {
    api.users().then(
      ({ users }) => {
        this.users = users;
      },
      (err) => {
        this.error = err instanceof Error ? err.message : String(err);
      },
    );
  }

  private async run(work: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await work();
      this.dispatchEvent(new CustomEvent('cr-members-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private add(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const role = String(data.get('role')) as Role;
    const username = String(data.get('username') ?? '').trim();
    if (username) {
      void this.run(async () => {
        const found = (await api.findUser(username)).users[0];
        if (!found) throw new Error(t('members.noSuchUser', { name: username }));
        await api.setMember(this.reportId, found.id, role);
      });
      return;
    }
    const userId = String(data.get('user') ?? '');
    if (!userId) return;
    void this.run(() => api.setMember(this.reportId, userId, role));
  }

  override render() {
    const memberIds = new Set(this.members.map((m) => m.userId));
    const candidates = this.users.filter((u) => !memberIds.has(u.id));
    return html`
      <ul aria-label=${t('members.label')}>
        ${this.members.map(
          (m) => html`<li>
            <span class="name">${m.displayName || m.username}</span>
            <select
              class="input"
              aria-label=${t('members.roleOf', { name: m.displayName || m.username })}
              ?disabled=${this.busy || m.userId === this.selfId}
              @change=${(e: Event) =>
                this.run(() =>
                  api.setMember(this.reportId, m.userId, (e.target as HTMLSelectElement).value as Role),
                )}
            >
              ${ROLES.map((r) => html`<option value=${r} ?selected=${r === m.role}>${t(`role.${r}`)}</option>`)}
            </select>
            <button
              class="btn small ghost danger"
              ?disabled=${this.busy || m.userId === this.selfId}
              aria-label=${t('members.removeOf', { name: m.displayName || m.username })}
              @click=${() => this.run(() => api.removeMember(this.reportId, m.userId))}
            >${t('members.remove')}</button>
          </li>`,
        )}
      </ul>
      <form @submit=${this.add}>
        <select class="input" name="user" aria-label=${t('members.pickUser')} ?disabled=${candidates.length === 0}>
          ${
            candidates.length
              ? candidates.map(
                  (u) => html`<option value=${u.id}>${u.displayName || u.username}（${u.username}）</option>`,
                )
              : html`<option value="">${t('members.noCandidates')}</option>`
          }
        </select>
        <input class="input" name="username" autocomplete="off" placeholder=${t('members.byUsername')}
          aria-label=${t('members.byUsername')} />
        <select class="input" name="role" aria-label=${t('members.role')}>
          ${ROLES.map((r) => html`<option value=${r} ?selected=${r === 'writer'}>${t(`role.${r}`)}</option>`)}
        </select>
        <button class="btn primary small" type="submit" ?disabled=${this.busy}>
          ${t('members.add')}
        </button>
      </form>
      ${
        this.groups.length
          ? html`<form @submit=${this.addGroup} aria-label=${t('members.byGroup')}>
              <select class="input" name="group" aria-label=${t('members.pickGroup')}>
                ${this.groups.map((g) => html`<option value=${g.id}>${g.name}（${t('groups.members', { n: g.memberCount })}）</option>`)}
              </select>
              <select class="input" name="role" aria-label=${t('members.role')}>
                ${ROLES.map((r) => html`<option value=${r} ?selected=${r === 'writer'}>${t(`role.${r}`)}</option>`)}
              </select>
              <button class="btn small" type="submit" ?disabled=${this.busy}>${t('members.addGroup')}</button>
            </form>`
          : ''
      }
      ${this.notice ? html`<div class="muted" role="status">${this.notice}</div>` : ''}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      ${this.admin ? html`<cr-user-form @cr-user-created=${() => this.loadUsers()}></cr-user-form>` : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-members': CrMembers;
  }
}
