/**
 * A comment textarea that suggests report members after `@` (the server notifies whoever is
 * mentioned as `@显示名`). Rendered in the light DOM so the surrounding form's FormData still
 * sees the textarea; its list is styled by `mentionStyles`, included by the hosts.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Member } from '../api.ts';
import { mentionCandidates, mentionQuery } from '../doc/mention-suggest.ts';

/** Styles for the textarea and its suggestion list, to include in the styles of any host of this element. */
export const mentionStyles = css`
  cr-mention-input {
    display: block;
    position: relative;
  }
  cr-mention-input textarea {
    width: 100%;
    resize: vertical;
    padding: 6px 8px;
    border: 1px solid var(--cr-border-strong);
    border-radius: 6px;
    font-size: 13px;
    line-height: 1.5;
  }
  cr-mention-input textarea:focus-visible {
    outline: 2px solid var(--cr-accent);
    outline-offset: 0;
  }
  .mentions {
    position: absolute;
    left: 0;
    right: 0;
    z-index: 5;
    margin: 2px 0 0;
    padding: 4px;
    list-style: none;
    background: var(--cr-surface);
    border: 1px solid var(--cr-border);
    border-radius: 8px;
    box-shadow: 0 8px 24px rgb(16 24 40 / 14%);
  }
  .mentions li {
    padding: 5px 8px;
    border-radius: 5px;
    cursor: pointer;
    font-size: 13px;
  }
  .mentions li[aria-selected='true'] {
    background: var(--cr-accent-soft);
    color: var(--cr-accent);
  }
  .mentions .user {
    color: var(--cr-faint);
    margin-left: 6px;
  }
`;

@customElement('cr-mention-input')
export class CrMentionInput extends LitElement {
  @property({ attribute: false }) members: Member[] = [];
  @property() name = 'body';
  @property() label = '';
  @property() placeholder = '';
  @property({ type: Number }) rows = 2;
  @property() value = '';
  @state() private options: Member[] = [];
  @state() private pick = 0;

  protected override createRenderRoot() {
    return this;
  }

  private get area(): HTMLTextAreaElement | null {
    return this.querySelector('textarea');
  }

  private onInput(): void {
    const area = this.area;
    const query = area ? mentionQuery(area.value.slice(0, area.selectionStart)) : null;
    this.options = query === null ? [] : mentionCandidates(this.members, query);
    this.pick = 0;
  }

  private choose(m: Member): void {
    const area = this.area;
    if (!area) return;
    const caret = area.selectionStart;
    const before = area.value.slice(0, caret);
    const at = before.lastIndexOf('@');
    const inserted = `@${m.displayName} `;
    area.value = before.slice(0, at) + inserted + area.value.slice(caret);
    area.selectionStart = area.selectionEnd = at + inserted.length;
    area.focus();
    this.options = [];
  }

  private onKey(e: KeyboardEvent): void {
    if (this.options.length === 0) return;
    const n = this.options.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp')
      this.pick = (this.pick + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
    else if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab')
      this.choose(this.options[this.pick]!);
    else if (e.key === 'Escape') this.options = [];
    else return;
    // Handled here: not a newline, not a submit, not "cancel the comment".
    e.preventDefault();
    e.stopPropagation();
  }

  override render() {
    return html`<textarea
        name=${this.name}
        required
        maxlength="2000"
        rows=${this.rows}
        aria-label=${this.label}
        placeholder=${this.placeholder}
        aria-autocomplete="list"
        .value=${this.value}
        @input=${this.onInput}
        @keydown=${this.onKey}
        @blur=${() => {
          this.options = [];
        }}
      ></textarea>
      ${
        this.options.length
          ? html`<ul class="mentions" role="listbox">
              ${this.options.map(
                (m, i) => html`<li
                  role="option"
                  aria-selected=${i === this.pick ? 'true' : 'false'}
                  @mousedown=${(e: Event) => {
                    e.preventDefault();
                    this.choose(m);
                  }}
                >${m.displayName}<span class="user">@${m.username}</span></li>`,
              )}
            </ul>`
          : ''
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-mention-input': CrMentionInput;
  }
}
