/**
 * The import dialog on the report list: paste text or choose a .txt/.md/.docx file, check the
 * detected structure, then create the report and open it. Pasted text is previewed in the page
 * (`previewImport`); a file goes to the server's `?preview=1`, which decodes GBK and reads .docx.
 * Lines the preview restores (`cr-restore`) are kept in `keep` and sent as `?keep=` on create; a
 * new text or file starts over. A writer may be picked per section (cr-import-assign); those picks
 * are applied once the report exists (doc/import-assign.ts). Fires `cr-close` when dismissed.
 */
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { type ImportPreview, previewImport, type TextFormat } from '../../../shared/import/index.ts';
import { ApiError, api, type User } from '../api.ts';
import { LocaleController } from '../controllers/locale.ts';
import { assignImported, picksFor } from '../doc/import-assign.ts';
import { t } from '../i18n.ts';
import {
  guessFormat,
  IMPORT_ACCEPT,
  type ImportInput,
  type ImportSource,
  importReport,
  MAX_IMPORT_BYTES,
  previewUpload,
} from '../import-export.ts';
import { hrefOf } from '../route.ts';
import { importStyles } from './cr-import.styles.ts';
import './cr-import-assign.ts';
import './cr-import-preview.ts';

type Mode = 'paste' | 'file';

const errorText = (err: unknown): string =>
  err instanceof ApiError && err.status === 413
    ? t('import.tooLarge')
    : t('import.failed', { reason: err instanceof Error ? err.message : String(err) });

@customElement('cr-import')
export class CrImport extends LitElement {
  static override styles = importStyles;

  @state() private mode: Mode = 'paste';
  @state() private text = '';
  @state() private format: TextFormat = 'text';
  @state() private file: File | null = null;
  @state() private preview: ImportPreview | null = null;
  @state() private source: ImportSource | null = null;
  @state() private reading = false;
  @state() private reportTitle = '';
  @state() private error: string | null = null;
  @state() private creating = false;
  @state() private dragging = false;
  /** Input lines the user restored from the dropped list. */
  @state() private keep: number[] = [];
  /** Who may be picked as a section's writer (the people the importer works with), and the importer. */
  @state() private people: User[] = [];
  private me: User | null = null;
  /** Picked writers by section (doc/import-assign.ts pickKey). */
  @state() private picks = new Map<string, string>();
  /** The report was created but some picks were refused: say which, and offer to open it. */
  @state() private created: string | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  protected readonly i18n = new LocaleController(this);
  /** The user chose the format / typed a title: stop following the detection. */
  private formatChosen = false;
  private titleEdited = false;
  /** Only the newest file preview may land (a slow one for a replaced file is ignored). */
  private previewSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  protected override firstUpdated(_: PropertyValues<this>): void {
    this.dialog.showModal();
    this.renderRoot.querySelector('textarea')?.focus();
    // Not needed to import: without them the 分工 list simply is not shown.
    Promise.all([api.me(), api.users()]).then(
      ([{ user }, { users }]) => {
        this.me = user;
        this.people = users;
      },
      () => undefined,
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  /** Closes the dialog; its `close` event (also after Esc) tells the list. */
  private close(): void {
    this.dialog.close();
  }

  private input(): ImportInput | null {
    if (this.mode === 'file') return this.file ? { kind: 'file', file: this.file } : null;
    return this.text.trim() ? { kind: 'text', text: this.text, format: this.format } : null;
  }

  private setPreview(preview: ImportPreview | null, source: ImportSource | null): void {
    this.preview = preview;
    this.source = source;
    if (!this.titleEdited) this.reportTitle = preview?.title ?? '';
  }

  /** Pasted text: parsed here, a moment after the last keystroke (a long report takes a few ms). */
  private onText(e: InputEvent): void {
    this.text = (e.target as HTMLTextAreaElement).value;
    this.keep = [];
    if (!this.formatChosen) this.format = guessFormat(this.text);
    this.error = null;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.previewText(), 120);
  }

  private previewText(): void {
    const keep = this.keep;
    this.setPreview(this.text.trim() ? previewImport(this.text, this.format, { keep }) : null, null);
  }

  /** Restores dropped lines (or, with none, undoes every restore) and previews again. */
  private setKeep(keep: number[]): void {
    this.keep = keep;
    if (this.mode === 'paste') this.previewText();
    else if (this.file) void this.previewFile(this.file);
  }

  private onFormat(e: Event): void {
    this.format = (e.target as HTMLSelectElement).value as TextFormat;
    this.formatChosen = true;
    this.keep = [];
    this.previewText();
  }

  private async chooseFile(file: File | undefined): Promise<void> {
    if (!file) return;
    this.error = null;
    if (!/\.(txt|text|md|markdown|docx)$/i.test(file.name)) {
      this.error = t('import.badType');
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      this.error = t('import.tooLarge');
      return;
    }
    this.file = file;
    this.keep = [];
    this.setPreview(null, null);
    await this.previewFile(file);
  }

  private async previewFile(file: File): Promise<void> {
    const seq = ++this.previewSeq;
    this.reading = true;
    try {
      const { source, ...preview } = await previewUpload({ kind: 'file', file }, this.keep);
      if (seq === this.previewSeq) this.setPreview(preview, source);
    } catch (err) {
      if (seq === this.previewSeq) this.error = errorText(err);
    } finally {
      if (seq === this.previewSeq) this.reading = false;
    }
  }

  private setMode(mode: Mode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.error = null;
    this.previewSeq++;
    this.reading = false;
    if (mode === 'paste') this.previewText();
    else if (this.file) void this.chooseFile(this.file);
    else this.setPreview(null, null);
  }

  private async create(): Promise<void> {
    const input = this.input();
    if (!input) return;
    this.creating = true;
    this.error = null;
    try {
      const titles = this.preview?.sections.map((s) => s.title) ?? [];
      const chosen = picksFor(titles, this.picks);
      const { report, sections } = await importReport(input, this.reportTitle, this.keep);
      const refused =
        this.me && chosen.some(Boolean)
          ? await assignImported(
              report.id,
              sections.map((s) => s.id),
              chosen,
              this.me.id,
            )
          : [];
      if (refused.length) {
        this.created = report.id;
        this.error = refused.join('；');
        return;
      }
      this.close();
      location.hash = hrefOf({ name: 'report', id: report.id });
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.creating = false;
    }
  }

  private renderPaste() {
    return html`<textarea
        class="paste"
        aria-label=${t('import.textLabel')}
        placeholder=${t('import.textPlaceholder')}
        .value=${this.text}
        @input=${this.onText}
        spellcheck="false"
      ></textarea>
      <div class="under">
        <label>${t('import.format')}
          <select class="input" .value=${this.format} @change=${this.onFormat}>
            <option value="text">${t('import.formatText')}</option>
            <option value="markdown">Markdown</option>
          </select>
        </label>
        <span class="muted">${t('import.pasteHint')}</span>
      </div>`;
  }

  private renderFile() {
    const pick = (e: Event) => {
      const el = e.target as HTMLInputElement;
      void this.chooseFile(el.files?.[0]);
      el.value = '';
    };
    return html`<label
      class="drop ${this.dragging ? 'over' : ''} ${this.file ? 'has' : ''}"
      @dragover=${(e: DragEvent) => {
        e.preventDefault();
        this.dragging = true;
      }}
      @dragleave=${() => {
        this.dragging = false;
      }}
      @drop=${(e: DragEvent) => {
        e.preventDefault();
        this.dragging = false;
        void this.chooseFile(e.dataTransfer?.files[0]);
      }}
    >
      <input type="file" class="sr-only" accept=${IMPORT_ACCEPT} aria-label=${t('import.chooseFile')} @change=${pick} />
      <span class="doc-icon" aria-hidden="true"></span>
      ${
        this.file
          ? html`<strong class="fname">${this.file.name}</strong>
              <span class="muted">${(this.file.size / 1024).toFixed(1)} KB${this.reading ? ` · ${t('import.reading')}` : ''}</span>
              <span class="btn small">${t('import.replaceFile')}</span>`
          : html`<strong>${t('import.drop')}</strong>
              <span class="btn small primary">${t('import.chooseFile')}</span>
              <span class="muted">${t('import.fileHint')}</span>`
      }
    </label>`;
  }

  private sourceLine(): string {
    if (this.mode === 'paste') return this.text.trim() ? t('import.sourcePaste') : '';
    if (!this.source) return '';
    const kind = t(`import.source.${this.source.format}`);
    return this.source.encoding ? `${kind} · ${this.source.encoding.toUpperCase()}` : kind;
  }

  override render() {
    const ready = this.preview !== null && this.preview.sections.length > 0 && !this.reading;
    return html`<dialog aria-labelledby="import-title" @close=${() => this.dispatchEvent(new CustomEvent('cr-close'))}>
      <header>
        <div>
          <h2 id="import-title">${t('import.title')}</h2>
          <p class="muted">${t('import.intro')}</p>
        </div>
        <button class="btn ghost close" aria-label=${t('import.close')} @click=${this.close}>×</button>
      </header>
      <div class="panes">
        <section class="in">
          <div class="tabs" role="group" aria-label=${t('import.source')}>
            <button aria-pressed=${this.mode === 'paste'} @click=${() => this.setMode('paste')}>${t('import.modePaste')}</button>
            <button aria-pressed=${this.mode === 'file'} @click=${() => this.setMode('file')}>${t('import.modeFile')}</button>
          </div>
          ${this.mode === 'paste' ? this.renderPaste() : this.renderFile()}
        </section>
        <section class="out" aria-label=${t('import.preview')}>
          <label class="title-field">
            <span>${t('import.reportTitle')}</span>
            <input class="input" maxlength="200" .value=${this.reportTitle} placeholder=${t('import.titleFallback')}
              @input=${(e: InputEvent) => {
                this.reportTitle = (e.target as HTMLInputElement).value;
                this.titleEdited = true;
              }} />
          </label>
          <cr-import-preview .preview=${this.preview}
            @cr-restore=${(e: CustomEvent<{ lines: number[] }>) => this.setKeep([...this.keep, ...e.detail.lines])}
          ></cr-import-preview>
          ${
            ready && this.people.length
              ? html`<cr-import-assign .sections=${this.preview?.sections ?? []} .people=${this.people} .picks=${this.picks}
                  @cr-pick=${(e: CustomEvent<{ key: string; userId: string }>) => {
                    this.picks = new Map(this.picks).set(e.detail.key, e.detail.userId);
                  }}></cr-import-assign>`
              : ''
          }
          ${
            this.keep.length
              ? html`<p class="muted restored">${t('import.restored', { n: this.keep.length })}
                  <button class="btn small" @click=${() => this.setKeep([])}>${t('import.restoredUndo')}</button></p>`
              : ''
          }
        </section>
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      ${this.created ? html`<p class="opened"><a class="btn" href=${hrefOf({ name: 'report', id: this.created })} @click=${this.close}>${t('import.openCreated')}</a></p>` : ''}
      <footer>
        <span class="muted">${this.sourceLine()}</span>
        <span class="next muted">${ready ? t('import.nextStep') : ''}</span>
        <button class="btn" @click=${this.close}>${t('common.cancel')}</button>
        <button class="btn primary" ?disabled=${!ready || this.creating || this.created !== null} @click=${this.create}>
          ${this.creating ? t('import.creating') : t('import.create')}
        </button>
      </footer>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cr-import': CrImport;
  }
}
