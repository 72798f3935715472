/** Admin only: create a user account (POST /api/users), so it can then be added to a report. */
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, api, type User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';

@customElement('cr-user-form')
export class CrUserForm extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        margin-top: 14px;
        font-size: 13px;
      }
      form {
        display: grid;
        gap: 6px;
        padding: 10px;
        border: 1px solid var(--cr-border);
        border-radius: 8px;
        background: var(--cr-surface);
      }
      .input {
        height: 30px;
      }
      .link {
        border: 0;
        background: none;
        color: var(--cr-accent);
        cursor: pointer;
        padding: 0;
      }
      .row {
        display: flex;
        gap: 6px;
      }
      .ok {
        color: var(--cr-ok);
      }
    `,
  ];

  @state() private open = false;
  @state() private busy = false;
  @state() private error: string | null = null;
  @state() private created: string | null = null;
  protected readonly i18n = new LocaleController(this);

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const username = String(data.get('username') ?? '').trim();
    const displayName = String(data.get('displayName') ?? '').trim() || username;
    this.busy = true;
    this.error = null;
    try {
      const { user } = await api.createUser(username, String(data.get('password') ?? ''), displayName);
      form.reset();
      this.open = false;
      this.created = t('users.created', { name: user.displayName || user.username });
      this.dispatchEvent(new CustomEvent<{ user: User }>('cr-user-created', { detail: { user } }));
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.open) {
      return html`${this.created ? html`<div class="ok" role="status">${this.created}</div>` : ''}
        <button class="link" @click=${() => {
          this.open = true;
          this.created = null;
        }}>${t('users.new')}</button>`;
    }
    return html`<form @submit=${this.submit} aria-label=${t('users.new')}>
      <input class="input" name="username" required minlength="2" maxlength="32" autocomplete="off"
        placeholder=${t('login.username')} aria-label=${t('login.username')} />
      <input class="input" name="displayName" maxlength="40" placeholder=${t('login.displayName')} aria-label=${t('login.displayName')} />
      <input class="input" name="password" type="password" required minlength="10" autocomplete="new-password"
        placeholder=${t('users.password')} aria-label=${t('login.password')} />
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      <div class="row">
        <button class="btn primary small" type="submit" ?disabled=${this.busy}>${t('users.create')}</button>
        <button class="btn small" type="button" @click=${() => {
          this.open = false;
        }}>${t('common.cancel')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-user-form': CrUserForm;
  }
}
