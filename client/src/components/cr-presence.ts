/**
 * Avatars of the others in the report (awareness), each saying which section they are in.
 * `compact` draws small ones without the overflow count, for a section header.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController } from '../controllers/locale.ts';
import { cssProps } from '../css-props.ts';
import type { Peer } from '../doc/presence.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';

const MAX_SHOWN = 6;

@customElement('cr-presence')
export class CrPresence extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
        align-items: center;
      }
      ul {
        display: flex;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li + li {
        margin-left: -6px;
      }
      .avatar {
        width: 28px;
        height: 28px;
        border-radius: 50%;
        border: 2px solid var(--cr-surface);
        color: #fff;
        font-size: 12px;
        font-weight: 600;
        display: grid;
        place-items: center;
        cursor: default;
      }
      .avatar.typing {
        box-shadow: 0 0 0 2px var(--cr-warn);
      }
      :host([compact]) .avatar {
        width: 22px;
        height: 22px;
        font-size: 11px;
      }
      .more {
        background: #eef0f3;
        color: var(--cr-muted);
      }
    `,
  ];

  @property({ attribute: false }) peers: Peer[] = [];
  /** Section id → title, to say where each person is. */
  @property({ attribute: false }) titles = new Map<string, string>();
  @property({ type: Boolean, reflect: true }) compact = false;
  protected readonly i18n = new LocaleController(this);

  private label(p: Peer): string {
    const title = p.section ? this.titles.get(p.section) : undefined;
    const where = title
      ? t('presence.in', { name: p.name, section: title })
      : t('presence.here', { name: p.name });
    return title && p.typing === p.section ? `${where}${t('presence.typing')}` : where;
  }

  override render() {
    if (this.peers.length === 0) return '';
    const shown = this.compact ? this.peers : this.peers.slice(0, MAX_SHOWN);
    const rest = this.peers.length - shown.length;
    return html`<ul aria-label=${t('presence.label', { n: this.peers.length })}>
      ${shown.map(
        (p) => html`<li>
          <span class="avatar ${p.typing ? 'typing' : ''}" role="img" ${cssProps({ background: p.color })} title=${this.label(p)} aria-label=${this.label(p)}
            >${p.name.slice(0, 1)}</span
          >
        </li>`,
      )}
      ${
        rest > 0
          ? html`<li><span class="avatar more" title=${this.peers
              .slice(MAX_SHOWN)
              .map((p) => this.label(p))
              .join('\n')}>+${rest}</span></li>`
          : ''
      }
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-presence': CrPresence;
  }
}
