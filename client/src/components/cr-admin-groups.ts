/** 科室 on the admin page: create and delete groups, add users to them and take them out. */
import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { accountsApi, type Group } from '../accounts-api.ts';
import type { User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { errorText } from '../error-text.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';
import { adminPanel } from './admin-styles.ts';

@customElement('cr-admin-groups')
export class CrAdminGroups extends LitElement {
  static override styles = [base, adminPanel];

  @property({ attribute: false }) users: User[] = [];
  @property({ attribute: false }) groups: Group[] = [];
  @state() private error: string | null = null;
  @state() private busy = false;
  protected readonly i18n = new LocaleController(this);

  /** Runs a change, then asks the page to reload users and groups (`cr-admin-changed`). */
  private async run(work: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await work();
      this.dispatchEvent(new CustomEvent('cr-admin-changed', { bubbles: true, composed: true }));
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '');
    if (await this.run(() => accountsApi.createGroup(name))) form.reset();
  }

  private add(e: SubmitEvent, group: Group): void {
    e.preventDefault();
    const userId = String(new FormData(e.target as HTMLFormElement).get('user') ?? '');
    if (userId) void this.run(() => accountsApi.addToGroup(group.id, userId));
  }

  private deleteGroup(group: Group): void {
    if (window.confirm(t('groups.deleteConfirm', { name: group.name })))
      void this.run(() => accountsApi.deleteGroup(group.id));
  }

  private renderGroup(g: Group) {
    const name = (id: string) => {
      const u = this.users.find((x) => x.id === id);
      return u ? u.displayName || u.username : id;
    };
    const inside = new Set(g.members ?? []);
    const outside = this.users.filter((u) => !inside.has(u.id));
    return html`<li class="row" data-group=${g.name}>
      <span class="grow"><b>${g.name}</b> <span class="muted">${t('groups.members', { n: g.memberCount })}</span>
        <div class="chips">
          ${
            inside.size
              ? [...inside].map(
                  (id) => html`<span class="chip">${name(id)}<button
                      aria-label=${t('groups.removeMember', { name: name(id), group: g.name })}
                      ?disabled=${this.busy}
                      @click=${() => this.run(() => accountsApi.removeFromGroup(g.id, id))}>×</button></span>`,
                )
              : html`<span class="muted">${t('groups.nobody')}</span>`
          }
        </div>
      </span>
      <form class="inline" @submit=${(e: SubmitEvent) => this.add(e, g)}>
        <select class="input" name="user" aria-label=${t('groups.addMember')} ?disabled=${outside.length === 0}>
          ${
            outside.length
              ? outside.map(
                  (u) => html`<option value=${u.id}>${u.displayName || u.username}（${u.username}）</option>`,
                )
              : html`<option value="">${t('groups.everyone')}</option>`
          }
        </select>
        <button class="btn small" type="submit" ?disabled=${this.busy || outside.length === 0}>${t('groups.add')}</button>
        <button class="btn small ghost danger" type="button" aria-label=${t('groups.deleteOf', { name: g.name })}
          @click=${() => this.deleteGroup(g)}>${t('groups.delete')}</button>
      </form>
    </li>`;
  }

  override render() {
    return html`<h2>${t('admin.groups')}</h2>
      <form class="inline" @submit=${this.create}>
        <input class="input grow" name="name" required maxlength="40" aria-label=${t('groups.new')} placeholder=${t('groups.new')} />
        <button class="btn small primary" type="submit" ?disabled=${this.busy}>${t('groups.create')}</button>
      </form>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      ${
        this.groups.length
          ? html`<ul aria-label=${t('admin.groups')}>${this.groups.map((g) => this.renderGroup(g))}</ul>`
          : html`<p class="muted">${t('groups.empty')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-admin-groups': CrAdminGroups;
  }
}
