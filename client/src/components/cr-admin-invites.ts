/**
 * 邀请链接 on the admin page: make a single-use link (valid for a while, optionally joining a group),
 * shown once to copy; the last 30 days' invites with who used them; revoke an open one.
 */
import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { accountsApi, type Group, type Invite, linkUrl } from '../accounts-api.ts';
import type { User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { errorText } from '../error-text.ts';
import { formatMoment } from '../format.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import { adminPanel } from './admin-styles.ts';
import './cr-copy-link.ts';

const HOURS = [24, 72, 168, 720];

@customElement('cr-admin-invites')
export class CrAdminInvites extends LitElement {
  static override styles = [base, adminPanel];

  @property({ attribute: false }) users: User[] = [];
  @property({ attribute: false }) groups: Group[] = [];
  @state() private invites: Invite[] = [];
  @state() private made: { url: string; until: number } | null = null;
  @state() private error: string | null = null;
  protected readonly i18n = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.invites = (await accountsApi.invites()).invites;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.error = null;
    try {
      const { invite } = await accountsApi.createInvite(
        Number(data.get('hours')),
        String(data.get('group') ?? '') || null,
      );
      this.made = { url: linkUrl('invite', invite.token), until: invite.expiresAt };
      await this.load();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async revoke(id: string): Promise<void> {
    try {
      await accountsApi.revokeInvite(id);
      await this.load();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private state(x: Invite) {
    if (x.usedAt !== null) {
      const user = this.users.find((u) => u.id === x.usedBy);
      return t('invites.used', {
        name: user ? user.displayName || user.username : '',
        time: formatMoment(x.usedAt),
      });
    }
    if (x.expiresAt <= Date.now()) return t('invites.expired');
    return t('invites.open', { time: formatMoment(x.expiresAt) });
  }

  override render() {
    const group = (id: string | null) => this.groups.find((g) => g.id === id)?.name ?? '';
    return html`<h2>${t('admin.invites')}</h2>
      <form class="inline" @submit=${this.create}>
        <label>${t('invites.hours')}
          <select class="input" name="hours">
            ${HOURS.map((h) => html`<option value=${h} ?selected=${h === 72}>${h < 48 ? t('invites.hoursN', { n: h }) : t('invites.daysN', { n: h / 24 })}</option>`)}
          </select>
        </label>
        <label>${t('invites.group')}
          <select class="input" name="group">
            <option value="">${t('invites.noGroup')}</option>
            ${this.groups.map((g) => html`<option value=${g.id}>${g.name}</option>`)}
          </select>
        </label>
        <button class="btn small primary" type="submit">${t('invites.create')}</button>
      </form>
      ${
        this.made
          ? html`<div class="ok" role="status">${t('invites.made', { time: formatMoment(this.made.until) })}</div>
              <cr-copy-link .url=${this.made.url}></cr-copy-link>`
          : ''
      }
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      <h2>${t('invites.recent')}</h2>
      ${
        this.invites.length
          ? html`<ul aria-label=${t('invites.recent')}>
              ${this.invites.map(
                (x) => html`<li class="row">
                  <span class="grow">${formatMoment(x.createdAt)} ${group(x.groupId) ? html`<span class="tag">${group(x.groupId)}</span>` : ''}
                    <div class="muted">${this.state(x)}</div></span>
                  ${
                    x.usedAt === null && x.expiresAt > Date.now()
                      ? html`<button class="btn small ghost danger" @click=${() => this.revoke(x.id)}>${t('invites.revoke')}</button>`
                      : ''
                  }
                </li>`,
              )}
            </ul>`
          : html`<p class="muted">${t('invites.none')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-admin-invites': CrAdminInvites;
  }
}
