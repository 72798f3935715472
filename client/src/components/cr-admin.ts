/**
 * 管理 / 用户与科室 (admins): users, groups (科室) and invite links on one page. Loads the users and
 * groups once and again after any change a panel reports (`cr-admin-changed`, `cr-user-created`).
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { accountsApi, type Group } from '../accounts-api.ts';
import { api, type User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { errorText } from '../error-text.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import './cr-admin-groups.ts';
import './cr-admin-invites.ts';
import './cr-admin-users.ts';

@customElement('cr-admin')
export class CrAdmin extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        max-width: 1100px;
        width: 100%;
        margin: 0 auto;
        padding: 24px 20px 48px;
      }
      h1 {
        font-size: 22px;
        margin: 0 0 4px;
      }
      .lead {
        color: var(--cr-muted);
        margin: 0 0 18px;
        font-size: 13px;
      }
      .panels {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
        gap: 16px;
        align-items: start;
      }
      section {
        background: var(--cr-surface);
        border: 1px solid var(--cr-border);
        border-radius: 10px;
        padding: 14px 16px;
        min-width: 0;
      }
      @media (max-width: 600px) {
        :host {
          padding: 16px 10px 32px;
        }
        .panels {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  @property({ attribute: false }) user: User | null = null;
  @state() private users: User[] = [];
  @state() private groups: Group[] = [];
  @state() private error: string | null = null;
  protected readonly i18n = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [users, groups] = await Promise.all([api.users(), accountsApi.groups()]);
      this.users = users.users;
      this.groups = groups.groups;
      this.error = null;
    } catch (err) {
      this.error = t('admin.loadFailed', { reason: errorText(err) });
    }
  }

  override render() {
    return html`<h1>${t('admin.title')}</h1>
      <p class="lead">${t('admin.lead')}</p>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      <div class="panels" @cr-admin-changed=${() => this.load()} @cr-user-created=${() => this.load()}>
        <section><cr-admin-users .users=${this.users} .groups=${this.groups} .selfId=${this.user?.id ?? ''}></cr-admin-users></section>
        <section><cr-admin-groups .users=${this.users} .groups=${this.groups}></cr-admin-groups></section>
        <section><cr-admin-invites .users=${this.users} .groups=${this.groups}></cr-admin-invites></section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-admin': CrAdmin;
  }
}
