/**
 * 账号与密码: the signed-in user changes their password (the current one is needed; the server signs
 * out their other devices). Shown first, with a notice, while `mustChange` (a temporary password).
 * Fires `cr-password-changed` with the updated user.
 */
import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { accountsApi } from '../accounts-api.ts';
import type { User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { errorText } from '../error-text.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import { accountCard } from './account-styles.ts';

type Submit = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done' } | { kind: 'error'; message: string };

@customElement('cr-account')
export class CrAccount extends LitElement {
  static override styles = [base, accountCard];

  @property({ type: Boolean }) mustChange = false;
  @state() private submit: Submit = { kind: 'idle' };
  protected readonly i18n = new LocaleController(this);

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const next = String(data.get('new') ?? '');
    if (next !== String(data.get('repeat') ?? '')) {
      this.submit = { kind: 'error', message: t('account.mismatch') };
      return;
    }
    this.submit = { kind: 'busy' };
    try {
      const { user } = await accountsApi.changePassword(String(data.get('current') ?? ''), next);
      form.reset();
      this.submit = { kind: 'done' };
      this.dispatchEvent(
        new CustomEvent<{ user: User }>('cr-password-changed', {
          detail: { user },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (err) {
      this.submit = { kind: 'error', message: errorText(err) };
    }
  }

  override render() {
    const s = this.submit;
    return html`<form class="card" @submit=${this.onSubmit} aria-labelledby="title">
      <h1 id="title">${t('account.title')}</h1>
      <p class="lead">${this.mustChange ? t('account.mustChange') : t('account.lead')}</p>
      <label for="current">${t('account.current')}</label>
      <input class="input" id="current" name="current" type="password" autocomplete="current-password" required />
      <label for="new">${t('account.new')}</label>
      <input class="input" id="new" name="new" type="password" autocomplete="new-password" required minlength="10" />
      <label for="repeat">${t('account.repeat')}</label>
      <input class="input" id="repeat" name="repeat" type="password" autocomplete="new-password" required />
      ${s.kind === 'error' ? html`<div class="error" role="alert">${s.message}</div>` : ''}
      ${s.kind === 'done' ? html`<div class="ok" role="status">${t('account.done')}</div>` : ''}
      <button class="btn primary" type="submit" ?disabled=${s.kind === 'busy'}>${t('account.submit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-account': CrAccount;
  }
}
