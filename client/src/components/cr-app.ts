/**
 * App shell: resolves the signed-in user, routes by `location.hash`, and shows the header
 * (brand, language, user, sign out) around the list or report page.
 */
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, api, UNAUTHORIZED_EVENT, type User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { t } from '../i18n.ts';
import { hrefOf, parseRoute, type Route } from '../route.ts';
import { base } from '../styles.ts';
import './cr-account.ts';
import './cr-admin.ts';
import './cr-inbox.ts';
import './cr-link-page.ts';
import './cr-lang-switch.ts';
import './cr-login.ts';
import './cr-report.ts';
import './cr-report-list.ts';
import { forgetAllLocally } from '../doc/local-copy.ts';
import { GONE_REPORTS, loadRefused, type RefusedText, saveRefused } from '../doc/refused-text.ts';
import './cr-refused.ts';

@customElement('cr-app')
export class CrApp extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
      }
      header {
        display: flex;
        align-items: center;
        gap: 12px;
        height: 52px;
        padding: 0 20px;
        background: var(--cr-surface);
        border-bottom: 1px solid var(--cr-border);
        flex: none;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 8px;
        font-weight: 600;
        font-size: 16px;
        color: var(--cr-text);
        text-decoration: none;
      }
      .logo {
        width: 24px;
        height: 24px;
        border-radius: 6px;
        background: var(--cr-accent);
        display: grid;
        place-items: center;
        color: #fff;
        font-size: 13px;
      }
      .tagline {
        color: var(--cr-muted);
        font-size: 13px;
      }
      .spacer {
        flex: 1;
      }
      .who {
        color: var(--cr-muted);
        font-size: 13px;
        text-decoration: none;
      }
      .who:hover {
        text-decoration: underline;
      }
      a.nav {
        text-decoration: none;
      }
      main {
        flex: 1;
        display: flex;
        flex-direction: column;
        min-height: 0;
        overflow-y: auto;
      }
      .loading {
        margin: 30vh auto;
        padding: 0 20px;
        max-width: 420px;
        color: var(--cr-muted);
        text-align: center;
      }
      @media (max-width: 720px) {
        .tagline {
          display: none;
        }
      }
      /* Phones: one line; the name shortens rather than wrapping a character per line. */
      @media (max-width: 600px) {
        header {
          gap: 8px;
          padding: 0 10px;
        }
        .who {
          min-width: 0;
          flex: 0 1 auto;
          white-space: nowrap;
          overflow: hidden;
          text-overflow: ellipsis;
        }
        .signout,
        a.nav {
          padding: 0 6px;
        }
      }
      @media print {
        :host {
          height: auto;
        }
        header {
          display: none;
        }
        main {
          overflow: visible;
        }
      }
    `,
  ];

  /** undefined while checking the session, null when signed out. */
  @state() private user: User | null | undefined = undefined;
  /** The session could not be checked (network down, server away): retried, never taken as signed out. */
  @state() private unreachable = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  @state() private route: Route = parseRoute(location.hash);
  @state() private flash: string | null = null;
  /** Unsaved text of reports that are gone, until dismissed. */
  @state() private orphans: RefusedText[] = [];

  protected readonly i18n = new LocaleController(this);
  private readonly onHash = () => {
    this.route = parseRoute(location.hash);
  };
  private readonly onUnauthorized = () => {
    this.user = null;
  };
  private readonly onOnline = () => this.checkSession();

  /**
   * Who is signed in. Only a 401 means signed out; a failed request (offline, server restarting)
   * leaves the session as it is and tries again, on `online` and every few seconds.
   */
  private checkSession(): void {
    clearTimeout(this.retryTimer);
    api.me().then(
      ({ user }) => {
        this.unreachable = false;
        // A recheck (online again) that finds the same account keeps the object: a new one would
        // reopen the report under the user's feet, racing its local copy.
        if (JSON.stringify(this.user) !== JSON.stringify(user)) this.user = user;
        this.orphans = loadRefused(user.id, GONE_REPORTS);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 0) {
          this.unreachable = true;
          this.retryTimer = setTimeout(() => this.checkSession(), 5_000);
          return;
        }
        this.unreachable = false;
        this.user = null;
      },
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    window.addEventListener(UNAUTHORIZED_EVENT, this.onUnauthorized);
    window.addEventListener('online', this.onOnline);
    this.checkSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    window.removeEventListener(UNAUTHORIZED_EVENT, this.onUnauthorized);
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.retryTimer);
  }

  /** Unsaved text of reports that went away while open (see ReportConnection.keepUnsaved). */
  private dismissOrphan(item: RefusedText): void {
    this.orphans = this.orphans.filter((r) => r !== item);
    if (this.user) saveRefused(this.user.id, GONE_REPORTS, this.orphans);
  }

  private async signOut(): Promise<void> {
    await api.logout().catch(() => undefined);
    if (this.user) await forgetAllLocally(this.user.id);
    this.user = null;
    this.orphans = [];
    location.hash = '#/';
  }

  private onGone(e: CustomEvent<{ message: string }>): void {
    this.flash = e.detail.message;
    this.orphans = this.user ? loadRefused(this.user.id, GONE_REPORTS) : [];
    location.hash = hrefOf({ name: 'list' });
  }

  private signedIn(user: User): void {
    this.user = user;
    if (this.route.name === 'invite' || this.route.name === 'reset') location.hash = hrefOf({ name: 'list' });
  }

  private renderPage() {
    const route = this.route;
    // A link's page comes before the session: its holder usually has no account yet.
    if (route.name === 'invite' || route.name === 'reset') {
      return html`<cr-link-page .kind=${route.name} .token=${route.token} .current=${this.user ?? null}
        @cr-signed-in=${(e: CustomEvent<{ user: User }>) => this.signedIn(e.detail.user)}></cr-link-page>`;
    }
    if (this.user === undefined && this.unreachable) {
      return html`<div class="loading" role="status">
        <p>${t('app.unreachable')}</p>
        <button class="btn" @click=${() => this.checkSession()}>${t('app.retry')}</button>
      </div>`;
    }
    if (this.user === undefined) return html`<p class="loading">${t('app.loading')}</p>`;
    if (this.user === null) {
      return html`<cr-login @cr-signed-in=${(e: CustomEvent<{ user: User }>) => {
        this.user = e.detail.user;
      }}></cr-login>`;
    }
    if (this.user.mustChangePassword || route.name === 'account') {
      return html`<cr-account ?mustChange=${!!this.user.mustChangePassword}
        @cr-password-changed=${(e: CustomEvent<{ user: User }>) => {
          this.user = e.detail.user;
        }}></cr-account>`;
    }
    if (route.name === 'admin' && this.user.isAdmin) return html`<cr-admin .user=${this.user}></cr-admin>`;
    if (this.route.name === 'report') {
      return html`<cr-report
        .reportId=${this.route.id}
        .focusThread=${this.route.thread ?? null}
        .user=${this.user}
        @cr-report-gone=${this.onGone}
        @cr-unauthorized=${this.onUnauthorized}
      ></cr-report>`;
    }
    return html`<cr-refused
        .items=${this.orphans}
        @cr-refused-dismiss=${(e: CustomEvent<RefusedText>) => this.dismissOrphan(e.detail)}
      ></cr-refused>
      <cr-report-list
      .flash=${this.flash}
      @cr-flash-dismissed=${() => {
        this.flash = null;
      }}
    ></cr-report-list>`;
  }

  override render() {
    const user = this.user;
    return html`
      <header>
        <a class="brand" href="#/" aria-label=${t('app.home')}><span class="logo" aria-hidden="true">协</span>coreport</a>
        <span class="tagline">${t('app.tagline')}</span>
        <span class="spacer"></span>
        <cr-lang-switch></cr-lang-switch>
        ${
          user
            ? html`<cr-inbox .user=${user}></cr-inbox>
                ${user.isAdmin ? html`<a class="btn ghost small nav" href="#/admin">${t('nav.admin')}</a>` : ''}
                <a class="who" href="#/account" title=${t('nav.account')}>${user.displayName || user.username}${user.isAdmin ? ` · ${t('app.admin')}` : ''}</a>
                <button class="btn ghost small signout" @click=${this.signOut}>${t('app.signOut')}</button>`
            : ''
        }
      </header>
      <main>${this.renderPage()}</main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-app': CrApp;
  }
}
