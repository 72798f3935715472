/**
 * What a colleague sees when opening an invite (`#/invite/<token>`) or reset link (`#/reset/<token>`):
 * the link is checked first (a used or expired one says so, in the server's words), then a new
 * account (username, name, password) or a new password is chosen, and they are signed in
 * (`cr-signed-in` with the user, as cr-login fires).
 */
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { accountsApi } from '../accounts-api.ts';
import type { User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { errorText } from '../error-text.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import { accountCard } from './account-styles.ts';

type Check =
  | { kind: 'checking' }
  | { kind: 'invite'; group: string | null }
  | { kind: 'reset'; username: string; displayName: string }
  | { kind: 'refused'; message: string };

@customElement('cr-link-page')
export class CrLinkPage extends LitElement {
  static override styles = [base, accountCard];

  @property() kind: 'invite' | 'reset' = 'invite';
  @property() token = '';
  /** Someone already signed in in this browser (they are told the link signs in as another account). */
  @property({ attribute: false }) current: User | null = null;
  @state() private check: Check = { kind: 'checking' };
  @state() private busy = false;
  @state() private error: string | null = null;
  protected readonly i18n = new LocaleController(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('token') || changed.has('kind')) void this.load();
  }

  private async load(): Promise<void> {
    this.check = { kind: 'checking' };
    try {
      if (this.kind === 'invite') {
        const { invite } = await accountsApi.checkInvite(this.token);
        this.check = { kind: 'invite', group: invite.group?.name ?? null };
      } else {
        const { reset } = await accountsApi.checkReset(this.token);
        this.check = { kind: 'reset', ...reset.user };
      }
    } catch (err) {
      this.check = { kind: 'refused', message: errorText(err) };
    }
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const password = String(data.get('password') ?? '');
    this.busy = true;
    this.error = null;
    try {
      const { user } =
        this.kind === 'invite'
          ? await accountsApi.acceptInvite(
              this.token,
              String(data.get('username') ?? '').trim(),
              String(data.get('displayName') ?? '').trim(),
              password,
            )
          : await accountsApi.acceptReset(this.token, password);
      this.dispatchEvent(
        new CustomEvent<{ user: User }>('cr-signed-in', { detail: { user }, bubbles: true, composed: true }),
      );
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private renderForm(c: Exclude<Check, { kind: 'checking' | 'refused' }>) {
    const invite = c.kind === 'invite';
    return html`<form class="card" @submit=${this.onSubmit} aria-labelledby="title">
      <h1 id="title">${invite ? t('link.inviteTitle') : t('link.resetTitle')}</h1>
      <p class="lead">${
        c.kind === 'invite'
          ? t('link.inviteLead')
          : t('link.resetLead', { name: c.displayName, username: c.username })
      }</p>
      ${c.kind === 'invite' && c.group ? html`<p class="lead">${t('link.inviteGroup', { name: c.group })}</p>` : ''}
      ${this.current ? html`<p class="lead">${t('link.signedInAs', { name: this.current.displayName || this.current.username })}</p>` : ''}
      ${
        invite
          ? html`<label for="username">${t('login.username')}</label>
              <input class="input" id="username" name="username" autocomplete="username" required />
              <label for="displayName">${t('login.displayName')}</label>
              <input class="input" id="displayName" name="displayName" autocomplete="name" required />`
          : ''
      }
      <label for="password">${t('link.password')}</label>
      <input class="input" id="password" name="password" type="password" autocomplete="new-password" required />
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      <button class="btn primary" type="submit" ?disabled=${this.busy}>
        ${invite ? t('link.join') : t('link.setPassword')}
      </button>
    </form>`;
  }

  override render() {
    const c = this.check;
    if (c.kind === 'checking') return html`<p class="lead" role="status">${t('link.checking')}</p>`;
    if (c.kind === 'refused') {
      return html`<div class="card">
        <h1>${this.kind === 'invite' ? t('link.inviteTitle') : t('link.resetTitle')}</h1>
        <div class="error" role="alert">${c.message}</div>
        <a class="btn primary" href="#/">${t('link.toLogin')}</a>
      </div>`;
    }
    return this.renderForm(c);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-link-page': CrLinkPage;
  }
}
