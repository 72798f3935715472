/**
 * Sign in, or (first run) register the administrator. Whether registration is open is not
 * asked up front: the server answers 403 with a message when it is closed, which we show.
 */
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, api, type User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import { accountCard } from './account-styles.ts';

type Mode = 'login' | 'register';
type Submit = { kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; message: string };

@customElement('cr-login')
export class CrLogin extends LitElement {
  static override styles = [
    base,
    accountCard,
    css`
      /* The sign-in card sits a little higher and is a little narrower than the other account pages. */
      :host {
        padding-top: 10vh;
      }
      .card {
        width: min(380px, 100%);
        padding: 28px 28px 22px;
      }
      p.lead {
        margin-bottom: 20px;
      }
      .btn.primary {
        margin-top: 20px;
        font-size: 14px;
      }
      .switch {
        margin-top: 16px;
        text-align: center;
        font-size: 13px;
      }
      .link {
        border: 0;
        background: none;
        color: var(--cr-accent);
        cursor: pointer;
        padding: 0;
      }
      .link:hover {
        text-decoration: underline;
      }
    `,
  ];

  @state() private mode: Mode = 'login';
  @state() private submit: Submit = { kind: 'idle' };
  protected readonly i18n = new LocaleController(this);

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const displayName = String(form.get('displayName') ?? '').trim() || username;
    this.submit = { kind: 'busy' };
    try {
      const { user } =
        this.mode === 'login'
          ? await api.login(username, password)
          : await api.register(username, password, displayName);
      this.dispatchEvent(
        new CustomEvent<{ user: User }>('cr-signed-in', { detail: { user }, bubbles: true, composed: true }),
      );
    } catch (err) {
      const message =
        err instanceof ApiError && err.status === 401 && this.mode === 'login'
          ? t('login.badCredentials')
          : err instanceof ApiError && err.status === 0
            ? t('error.network')
            : err instanceof Error
              ? err.message
              : String(err);
      this.submit = { kind: 'error', message };
    }
  }

  private toggle(): void {
    this.mode = this.mode === 'login' ? 'register' : 'login';
    this.submit = { kind: 'idle' };
  }

  override render() {
    const register = this.mode === 'register';
    return html`
      <form class="card" @submit=${this.onSubmit} aria-labelledby="title">
        <h1 id="title">${register ? t('login.registerTitle') : t('login.title')}</h1>
        <p class="lead">${register ? t('login.registerLead') : t('login.lead')}</p>
        <label for="username">${t('login.username')}</label>
        <input class="input" id="username" name="username" autocomplete="username" required autofocus />
        ${
          register
            ? html`<label for="displayName">${t('login.displayName')}</label>
                <input class="input" id="displayName" name="displayName" autocomplete="name" />`
            : ''
        }
        <label for="password">${t('login.password')}</label>
        <input
          class="input"
          id="password"
          name="password"
          type="password"
          autocomplete=${register ? 'new-password' : 'current-password'}
          required
        />
        ${this.submit.kind === 'error' ? html`<div class="error" role="alert">${this.submit.message}</div>` : ''}
        <button class="btn primary" type="submit" ?disabled=${this.submit.kind === 'busy'}>
          ${register ? t('login.register') : t('login.submit')}
        </button>
        <div class="switch">
          <button class="link" type="button" @click=${this.toggle}>
            ${register ? t('login.haveAccount') : t('login.firstRun')}
          </button>
        </div>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-login': CrLogin;
  }
}
