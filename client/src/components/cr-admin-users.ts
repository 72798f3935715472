/**
 * 用户 on the admin page: every account with its groups, a form to create one (cr-user-form), and per
 * user 重设密码: a temporary password or a reset link (either signs the user out everywhere).
 */
import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { accountsApi, type Group, linkUrl } from '../accounts-api.ts';
import type { User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { errorText } from '../error-text.ts';
import { formatMoment } from '../format.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import { adminPanel } from './admin-styles.ts';
import './cr-copy-link.ts';
import './cr-user-form.ts';

type Outcome = { kind: 'temp'; name: string } | { kind: 'link'; name: string; url: string; until: number };

@customElement('cr-admin-users')
export class CrAdminUsers extends LitElement {
  static override styles = [base, adminPanel];

  @property({ attribute: false }) users: User[] = [];
  @property({ attribute: false }) groups: Group[] = [];
  @property() selfId = '';
  /** The user whose 重设密码 form is open. */
  @state() private resetting: string | null = null;
  @state() private outcome: Outcome | null = null;
  @state() private error: string | null = null;
  protected readonly i18n = new LocaleController(this);

  private async run(work: () => Promise<Outcome>): Promise<void> {
    this.error = null;
    try {
      this.outcome = await work();
      this.resetting = null;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private setTemp(e: SubmitEvent, user: User): void {
    e.preventDefault();
    const password = String(new FormData(e.target as HTMLFormElement).get('password') ?? '');
    const name = user.displayName || user.username;
    void this.run(async () => {
      await accountsApi.setTemporaryPassword(user.id, password);
      return { kind: 'temp', name };
    });
  }

  private resetLink(user: User): void {
    const name = user.displayName || user.username;
    void this.run(async () => {
      const { reset } = await accountsApi.createResetLink(user.id);
      return { kind: 'link', name, url: linkUrl('reset', reset.token), until: reset.expiresAt };
    });
  }

  private renderOutcome() {
    const o = this.outcome;
    if (!o) return '';
    if (o.kind === 'temp')
      return html`<div class="ok" role="status">${t('admin.tempSet', { name: o.name })}</div>`;
    return html`<div class="ok" role="status">${t('admin.resetLinkMade', { name: o.name, time: formatMoment(o.until) })}</div>
      <cr-copy-link .url=${o.url}></cr-copy-link>`;
  }

  private renderReset(user: User) {
    const name = user.displayName || user.username;
    return html`<form class="inline" aria-label=${t('admin.resetOf', { name })} @submit=${(e: SubmitEvent) => this.setTemp(e, user)}>
      <input class="input" name="password" type="password" autocomplete="new-password" required minlength="10"
        aria-label=${t('admin.tempPassword')} placeholder=${t('admin.tempPassword')} />
      <button class="btn small primary" type="submit">${t('admin.setTemp')}</button>
      <button class="btn small" type="button" @click=${() => this.resetLink(user)}>${t('admin.resetLink')}</button>
      <button class="btn small ghost" type="button" @click=${() => {
        this.resetting = null;
      }}>${t('common.cancel')}</button>
    </form>`;
  }

  override render() {
    const groupsOf = (id: string) => this.groups.filter((g) => g.members?.includes(id)).map((g) => g.name);
    return html`<h2>${t('admin.users')}</h2>
      ${this.renderOutcome()}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      <ul aria-label=${t('admin.users')}>
        ${this.users.map((u) => {
          const names = groupsOf(u.id);
          const self = u.id === this.selfId;
          return html`<li class="row" data-user=${u.username}>
            <span class="grow"><b>${u.displayName || u.username}</b> <span class="muted">${u.username}${self ? t('admin.you') : ''}</span>
              ${u.isAdmin ? html`<span class="tag">${t('admin.isAdmin')}</span>` : ''}
              <div class="muted">${names.length ? t('admin.userGroups', { names: names.join('、') }) : t('admin.noGroup')}</div>
            </span>
            ${
              self
                ? ''
                : html`<button class="btn small" aria-label=${t('admin.resetOf', { name: u.displayName || u.username })}
                    @click=${() => {
                      this.resetting = u.id;
                      this.outcome = null;
                    }}>${t('admin.reset')}</button>`
            }
            ${this.resetting === u.id ? this.renderReset(u) : ''}
          </li>`;
        })}
      </ul>
      <cr-user-form></cr-user-form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-admin-users': CrAdminUsers;
  }
}
