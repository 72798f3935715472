/**
 * Notifications in the header: a bell with the unread count, a drop-down list of recent
 * notices, and a toast when a new one arrives (a comment on my section, a mention, a reply).
 * Opening a notice goes to its thread and marks it read.
 */
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, type Notice, type User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { NotificationsController } from '../controllers/notifications.ts';
import { formatMoment } from '../format.ts';
import { t } from '../i18n.ts';
import { hrefOf } from '../route.ts';
import { inboxStyles } from './cr-inbox.styles.ts';

const TOAST_MS = 8000;

@customElement('cr-inbox')
export class CrInbox extends LitElement {
  static override styles = inboxStyles;

  @property({ attribute: false }) user: User | null = null;
  @state() private open = false;
  @state() private list: Notice[] = [];
  protected readonly i18n = new LocaleController(this);
  private readonly inbox = new NotificationsController(this, () => this.armToast());
  private toastTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onOutside = (e: Event) => {
    if (this.open && !e.composedPath().includes(this)) this.open = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this.onOutside);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this.onOutside);
    if (this.toastTimer) clearTimeout(this.toastTimer);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('user')) this.inbox.start(this.user);
  }

  private armToast(): void {
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => this.inbox.dismiss(), TOAST_MS);
    if (this.open) void this.load();
  }

  private async load(): Promise<void> {
    await this.inbox.loadNames();
    try {
      this.list = (await api.notifications()).notifications.slice(0, 30);
    } catch {
      this.list = [];
    }
  }

  private toggle(): void {
    this.open = !this.open;
    if (this.open) void this.load();
  }

  private text(n: Notice): string {
    const name = this.inbox.nameOf(n.actorId) || t('inbox.someone');
    return t(`inbox.${n.kind}`, { name });
  }

  private go(n: Notice): void {
    this.open = false;
    this.inbox.dismiss();
    if (n.readAt === null) {
      void this.inbox.markRead([n.id]);
      this.list = this.list.map((x) => (x.id === n.id ? { ...x, readAt: Date.now() } : x));
    }
    location.hash = hrefOf({ name: 'report', id: n.reportId, thread: n.commentId });
  }

  private async markAll(): Promise<void> {
    await this.inbox.markRead();
    this.list = this.list.map((x) => ({ ...x, readAt: x.readAt ?? Date.now() }));
  }

  private renderList() {
    return html`<div class="panel" role="dialog" aria-label=${t('inbox.label')}>
      <div class="panel-head">
        <strong>${t('inbox.label')}</strong>
        <button class="btn ghost small" ?disabled=${this.inbox.unread === 0} @click=${this.markAll}>${t('inbox.markAll')}</button>
      </div>
      ${this.list.length === 0 ? html`<p class="empty">${t('inbox.empty')}</p>` : ''}
      <ul>
        ${this.list.map(
          (n) => html`<li>
            <button class="item ${n.readAt === null ? 'unread' : ''}" @click=${() => this.go(n)}>
              <span class="what">${this.text(n)}</span>
              <span class="excerpt">${n.excerpt}</span>
              <time>${formatMoment(n.createdAt)}</time>
            </button>
          </li>`,
        )}
      </ul>
    </div>`;
  }

  override render() {
    const n = this.inbox.unread;
    const latest = this.inbox.latest;
    return html`
      <button
        class="bell"
        aria-label=${n ? t('inbox.unread', { n }) : t('inbox.label')}
        aria-expanded=${this.open ? 'true' : 'false'}
        @click=${this.toggle}
      >
        <span class="icon" aria-hidden="true"></span>
        ${n ? html`<span class="badge">${n > 99 ? '99+' : n}</span>` : ''}
      </button>
      ${this.open ? this.renderList() : ''}
      ${
        latest
          ? html`<div class="toast" role="status" aria-live="polite">
              <div class="toast-text">
                <strong>${this.text(latest)}</strong>
                <span class="excerpt">${latest.excerpt}</span>
              </div>
              <button class="btn small primary" @click=${() => this.go(latest)}>${t('inbox.open')}</button>
              <button class="btn small ghost" aria-label=${t('common.dismiss')} @click=${() => this.inbox.dismiss()}>✕</button>
            </div>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-inbox': CrInbox;
  }
}
