/**
 * Formatting bar of a writable section: undo/redo (Collaboration's undo: only this user's
 * edits in this section), bold, a sub-heading one level below the section, bullet and numbered
 * lists, a table (and, with the caret in one, a row or column more or less, or no table). Re-renders itself on the editor's transactions, so active states follow the caret.
 */
import type { Editor } from '@tiptap/core';
import type { Command } from '@tiptap/pm/state';
import {
  addColumnAfter,
  addRowAfter,
  deleteColumn,
  deleteRow,
  deleteTable,
  isInTable,
} from '@tiptap/pm/tables';
import { css, html, LitElement, nothing, type PropertyValues, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController } from '../controllers/locale.ts';
import { insertTable } from '../editor/table-commands.ts';
import { t } from '../i18n.ts';
import { base } from '../styles.ts';

type Level = 1 | 2 | 3 | 4 | 5 | 6;

const icon = (d: string) =>
  html`<svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${svg`<path d=${d} />`}</svg>`;

const ICONS = {
  undo: 'M9 14 4 9l5-5M4 9h11a5 5 0 0 1 0 10h-4',
  redo: 'm15 14 5-5-5-5M20 9H9a5 5 0 0 0 0 10h4',
  bold: 'M7 5h6a3.5 3.5 0 0 1 0 7H7zM7 12h7a3.5 3.5 0 0 1 0 7H7z',
  bullet: 'M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01',
  ordered: 'M10 6h10M10 12h10M10 18h10M4 6h1v4M4 10h2M6 18H4c0-1 2-2 2-3s-1-1.5-2-1',
  table: 'M3 5h18v14H3zM3 10h18M3 15h18M9 5v14M15 5v14',
};

@customElement('cr-section-tools')
export class CrSectionTools extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 2px;
      }
      button {
        height: 28px;
        min-width: 28px;
        padding: 0 6px;
        border: 0;
        border-radius: 5px;
        background: none;
        color: var(--cr-muted);
        cursor: pointer;
        display: inline-grid;
        place-items: center;
        font-size: 12.5px;
      }
      button:hover:not(:disabled) {
        background: #eef0f3;
        color: var(--cr-text);
      }
      button[aria-pressed='true'] {
        background: var(--cr-accent-soft);
        color: var(--cr-accent);
      }
      button:disabled {
        opacity: 0.35;
        cursor: default;
      }
      button:focus-visible {
        outline: 2px solid var(--cr-accent);
      }
      .sep {
        width: 1px;
        height: 16px;
        background: var(--cr-border);
        margin: 0 4px;
      }
    `,
  ];

  @property({ attribute: false }) editor: Editor | null = null;
  /** The section's outline level; its sub-headings sit one below. */
  @property({ type: Number }) level = 1;
  /** Passed so that the bar re-renders when the section becomes (un)writable. */
  @property({ type: Boolean }) editable = false;
  protected readonly i18n = new LocaleController(this);
  private readonly refresh = () => this.requestUpdate();

  override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('editor')) return;
    const old = changed.get('editor');
    old?.off('transaction', this.refresh);
    this.editor?.on('transaction', this.refresh);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.editor?.off('transaction', this.refresh);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.editor?.on('transaction', this.refresh);
  }

  private button(
    label: string,
    shortcut: string,
    content: unknown,
    run: () => boolean,
    state?: boolean,
    enabled = true,
  ) {
    return html`<button
      type="button"
      title=${shortcut ? `${label} (${shortcut})` : label}
      aria-label=${label}
      aria-pressed=${state === undefined ? nothing : state ? 'true' : 'false'}
      ?disabled=${!enabled}
      @mousedown=${(e: Event) => e.preventDefault()}
      @click=${run}
    >${content}</button>`;
  }

  override render() {
    const ed = this.editor;
    if (!ed || !this.editable) return '';
    const sub = Math.min(this.level + 1, 4) as Level;
    const chain = () => ed.chain().focus();
    // Tiptap hands a command its chain's transaction as `state.tr`, so ProseMirror commands chain.
    const pm = (cmd: Command) => () =>
      chain()
        .command(({ state, dispatch }) => cmd(state, dispatch))
        .run();
    const inTable = isInTable(ed.state);
    const tableTools = [
      ['tools.addRow', 'tools.addRowShort', addRowAfter],
      ['tools.addColumn', 'tools.addColumnShort', addColumnAfter],
      ['tools.deleteRow', 'tools.deleteRowShort', deleteRow],
      ['tools.deleteColumn', 'tools.deleteColumnShort', deleteColumn],
      ['tools.deleteTable', 'tools.deleteTableShort', deleteTable],
    ] as const;
    return html`
      ${this.button(t('tools.undo'), 'Ctrl+Z', icon(ICONS.undo), () => chain().undo().run(), undefined, ed.can().undo())}
      ${this.button(t('tools.redo'), 'Ctrl+Y', icon(ICONS.redo), () => chain().redo().run(), undefined, ed.can().redo())}
      <span class="sep"></span>
      ${this.button(t('tools.bold'), 'Ctrl+B', icon(ICONS.bold), () => chain().toggleBold().run(), ed.isActive('bold'))}
      ${this.button(t('tools.heading'), '', t('tools.headingShort'), () => chain().toggleHeading({ level: sub }).run(), ed.isActive('heading'))}
      ${this.button(t('tools.bulletList'), '', icon(ICONS.bullet), () => chain().toggleBulletList().run(), ed.isActive('bulletList'))}
      ${this.button(t('tools.orderedList'), '', icon(ICONS.ordered), () => chain().toggleOrderedList().run(), ed.isActive('orderedList'))}
      <span class="sep"></span>
      ${this.button(t('tools.table'), '', icon(ICONS.table), pm(insertTable()), undefined, !inTable)}
      ${inTable ? tableTools.map(([label, short, cmd]) => this.button(t(label), '', t(short), pm(cmd))) : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-section-tools': CrSectionTools;
  }
}
