/**
 * Per-person view for leaders: for everyone who owns sections, what is done and what is left
 * (sections not yet approved, placeholders still to fill), plus the sections nobody owns.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SectionProgress } from '../../../shared/progress.ts';
import type { Member } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { t } from '../i18n.ts';
import { memberName } from '../members.ts';
import { badges, base } from '../styles.ts';

interface Person {
  id: string;
  name: string;
  sections: SectionProgress[];
}

/** Group sections by assignee; a section with two owners counts for both. */
function byPerson(
  sections: SectionProgress[],
  members: Member[],
): { people: Person[]; unowned: SectionProgress[] } {
  const people = new Map<string, Person>();
  for (const m of members) {
    if (m.role === 'leader' || m.role === 'writer') {
      people.set(m.userId, { id: m.userId, name: m.displayName || m.username, sections: [] });
    }
  }
  const unowned: SectionProgress[] = [];
  for (const s of sections) {
    if (s.assignees.length === 0) unowned.push(s);
    for (const id of s.assignees) {
      if (!people.has(id)) people.set(id, { id, name: memberName(members, id), sections: [] });
      people.get(id)!.sections.push(s);
    }
  }
  const list = [...people.values()].sort(
    (a, b) => left(b.sections).length - left(a.sections).length || a.name.localeCompare(b.name),
  );
  return { people: list, unowned };
}

const left = (sections: SectionProgress[]) => sections.filter((s) => s.status !== 'approved');

@customElement('cr-people')
export class CrPeople extends LitElement {
  static override styles = [
    base,
    badges,
    css`
      :host {
        display: block;
        font-size: 13px;
      }
      .person {
        padding: 10px 8px;
        border-bottom: 1px solid var(--cr-border);
      }
      .who {
        display: flex;
        justify-content: space-between;
        font-weight: 600;
      }
      .sum {
        font-weight: 400;
        color: var(--cr-muted);
        font-size: 12px;
      }
      ul {
        list-style: none;
        margin: 6px 0 0;
        padding: 0;
      }
      li {
        display: flex;
        gap: 6px;
        align-items: center;
        padding: 2px 0;
      }
      li button {
        flex: 1;
        min-width: 0;
        text-align: left;
        border: 0;
        background: none;
        padding: 0;
        cursor: pointer;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      li button:hover {
        color: var(--cr-accent);
      }
      .ph {
        color: var(--cr-warn);
        font-size: 12px;
      }
      .done {
        color: var(--cr-ok);
        font-size: 12px;
      }
      .badge {
        height: 18px;
        font-size: 11px;
      }
    `,
  ];

  @property({ attribute: false }) sections: SectionProgress[] = [];
  @property({ attribute: false }) members: Member[] = [];
  protected readonly i18n = new LocaleController(this);

  private item(s: SectionProgress) {
    return html`<li>
      <button @click=${() => this.dispatchEvent(new CustomEvent('cr-select', { detail: { id: s.id }, bubbles: true, composed: true }))}>
        ${s.title || t('section.untitled')}
      </button>
      ${s.placeholders ? html`<span class="ph">${t('outline.placeholders', { n: s.placeholders })}</span>` : ''}
      <span class="badge ${s.status}">${t(`status.${s.status}`)}</span>
    </li>`;
  }

  override render() {
    const { people, unowned } = byPerson(this.sections, this.members);
    return html`
      <div role="list" aria-label=${t('people.label')}>
        ${people.map((p) => {
          const todo = left(p.sections);
          const ph = todo.reduce((n, s) => n + s.placeholders, 0);
          return html`<div class="person" role="listitem">
            <div class="who">
              <span>${p.name}</span>
              <span class="sum">${t('people.summary', { left: todo.length, total: p.sections.length, ph })}</span>
            </div>
            ${
              todo.length
                ? html`<ul>${todo.map((s) => this.item(s))}</ul>`
                : html`<div class="done">${p.sections.length ? t('people.allDone') : t('people.nothing')}</div>`
            }
          </div>`;
        })}
        ${
          unowned.length
            ? html`<div class="person" role="listitem">
                <div class="who"><span>${t('people.unowned')}</span><span class="sum">${unowned.length}</span></div>
                <ul>${unowned.map((s) => this.item(s))}</ul>
              </div>`
            : ''
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-people': CrPeople;
  }
}
