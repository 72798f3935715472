/**
 * The report header's 导出 menu: download as Word (.docx, the official 公文 style), Markdown or
 * plain text, optionally with the comments (Word 批注 in a .docx, listed at the end otherwise) and
 * the pending suggestions (Word tracked changes, .docx only), or print / save as PDF through
 * the print stylesheet (client/src/print.ts, print.css).
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LocaleController } from '../controllers/locale.ts';
import { t } from '../i18n.ts';
import { downloadExport, type ExportFormat } from '../import-export.ts';
import { base } from '../styles.ts';

const FORMATS: { format: ExportFormat; label: 'export.docx' | 'export.md' | 'export.txt'; ext: string }[] = [
  { format: 'docx', label: 'export.docx', ext: 'W' },
  { format: 'md', label: 'export.md', ext: 'MD' },
  { format: 'txt', label: 'export.txt', ext: 'TXT' },
];

@customElement('cr-export-menu')
export class CrExportMenu extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .caret {
        width: 0;
        height: 0;
        border: 4px solid transparent;
        border-top-color: currentColor;
        margin-top: 4px;
      }
      .menu {
        position: absolute;
        right: 0;
        top: calc(100% + 6px);
        z-index: 20;
        width: 270px;
        padding: 6px;
        background: var(--cr-surface);
        border: 1px solid var(--cr-border);
        border-radius: 10px;
        box-shadow: 0 12px 32px rgb(16 24 40 / 16%);
      }
      /* Phones: anchored to the screen, not to the button, so no side is cut off. */
      @media (max-width: 600px) {
        .menu {
          position: fixed;
          top: auto;
          left: 8px;
          right: 8px;
          bottom: 8px;
          width: auto;
          max-height: 80vh;
          overflow-y: auto;
        }
      }
      .label {
        font-size: 11px;
        color: var(--cr-muted);
        padding: 6px 10px 4px;
        letter-spacing: 0.04em;
      }
      .item {
        display: flex;
        align-items: center;
        gap: 10px;
        width: 100%;
        padding: 7px 10px;
        border: 0;
        border-radius: 6px;
        background: none;
        text-align: left;
        cursor: pointer;
        font-size: 13px;
      }
      .item:hover:not(:disabled),
      .item:focus-visible {
        background: #f0f2f5;
        outline: none;
      }
      .item:disabled {
        opacity: 0.6;
        cursor: default;
      }
      .ext {
        flex: none;
        width: 30px;
        height: 30px;
        border-radius: 5px;
        display: grid;
        place-items: center;
        font-size: 10px;
        font-weight: 700;
        color: #fff;
        background: #64748b;
      }
      .ext.docx {
        background: #2563eb;
      }
      .ext.md {
        background: #0f766e;
      }
      .ext.print {
        background: #475569;
      }
      .item small {
        display: block;
        color: var(--cr-muted);
        font-size: 11px;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 8px 10px;
        font-size: 13px;
        cursor: pointer;
        border-radius: 6px;
      }
      .check:hover {
        background: #f0f2f5;
      }
      .check small {
        color: var(--cr-muted);
        font-size: 11px;
      }
      hr {
        border: 0;
        border-top: 1px solid var(--cr-border);
        margin: 6px 4px;
      }
      .error {
        margin: 4px;
        font-size: 12px;
      }
      .warn {
        margin: 4px 4px 6px;
        padding: 6px 8px;
        border-radius: 6px;
        font-size: 12px;
        background: var(--cr-warn-soft);
        color: var(--cr-warn);
      }
    `,
  ];

  @property() reportId = '';
  /** Placeholders left in the report (live count): exporting is allowed, with a warning. */
  @property({ type: Number }) placeholders = 0;
  @state() private open = false;
  /** After a download that still had placeholders: how many (the menu stays open to say so). */
  @state() private exportedWith = 0;
  @state() private comments = false;
  @state() private suggestions = false;
  @state() private busy: ExportFormat | null = null;
  @state() private error: string | null = null;
  protected readonly i18n = new LocaleController(this);

  /** A click anywhere outside the menu, or Esc, closes it. */
  private readonly onOutside = (e: Event) => {
    if (!e.composedPath().includes(this)) this.open = false;
  };
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') this.open = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pointerdown', this.onOutside);
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pointerdown', this.onOutside);
    window.removeEventListener('keydown', this.onKey);
  }

  private async download(format: ExportFormat): Promise<void> {
    this.busy = format;
    this.error = null;
    try {
      const { placeholders } = await downloadExport(this.reportId, format, {
        comments: this.comments,
        suggestions: this.suggestions,
      });
      this.exportedWith = placeholders;
      if (placeholders === 0) this.open = false;
    } catch (err) {
      this.error = t('export.failed', { reason: err instanceof Error ? err.message : String(err) });
    } finally {
      this.busy = null;
    }
  }

  private print(): void {
    this.open = false;
    // After the menu is gone from the page, so it is not in the printout's first layout pass.
    void this.updateComplete.then(() => window.print());
  }

  private renderMenu() {
    return html`<div class="menu" role="menu" aria-label=${t('export.menu')}>
      ${
        this.exportedWith > 0
          ? html`<div class="warn" role="alert">${t('export.downloadedWith', { n: this.exportedWith })}</div>`
          : this.placeholders > 0
            ? html`<div class="warn" role="note">${t('export.placeholders', { n: this.placeholders })}</div>`
            : ''
      }
      <div class="label">${t('export.heading')}</div>
      ${FORMATS.map(
        (
          f,
        ) => html`<button class="item" role="menuitem" ?disabled=${this.busy !== null} @click=${() => this.download(f.format)}>
          <span class="ext ${f.format}" aria-hidden="true">${f.ext}</span>
          <span>${t(f.label)}${
            this.busy === f.format
              ? html`<small>${t('export.working')}</small>`
              : f.format === 'docx'
                ? html`<small>${this.placeholders > 0 ? t('export.docxDraftHint') : t('export.docxHint')}</small>`
                : ''
          }</span>
        </button>`,
      )}
      <label class="check">
        <input type="checkbox" role="menuitemcheckbox" aria-checked=${this.comments} .checked=${this.comments}
          @change=${(e: Event) => {
            this.comments = (e.target as HTMLInputElement).checked;
          }} />
        <span>${t('export.comments')} <small>${t('export.commentsHint')}</small></span>
      </label>
      <label class="check">
        <input type="checkbox" role="menuitemcheckbox" aria-checked=${this.suggestions} .checked=${this.suggestions}
          @change=${(e: Event) => {
            this.suggestions = (e.target as HTMLInputElement).checked;
          }} />
        <span>${t('export.suggestions')} <small>${t('export.suggestionsHint')}</small></span>
      </label>
      <hr />
      <button class="item" role="menuitem" @click=${this.print}>
        <span class="ext print" aria-hidden="true">PDF</span>
        <span>${t('export.print')}<small>${t('export.printHint')}</small></span>
      </button>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
    </div>`;
  }

  override render() {
    return html`<button
        class="btn"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        @click=${() => {
          this.open = !this.open;
          this.error = null;
          this.exportedWith = 0;
        }}
      >${t('export.menu')}<span class="caret" aria-hidden="true"></span></button>
      ${this.open ? this.renderMenu() : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-export-menu': CrExportMenu;
  }
}
