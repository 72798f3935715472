/**
 * 建议修改 in a section: the editor switches to a scratch copy (SectionEditorController), and on
 * 提交建议 its edits go to the server as suggestions, one by one; a note says how many were sent or
 * why none could be.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../api.ts';
import { suggestApi } from '../doc/suggest-api.ts';
import { t } from '../i18n.ts';
import type { SectionEditorController } from './section-editor.ts';

export class SuggestMode implements ReactiveController {
  note: string | null = null;
  busy = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly body: SectionEditorController,
    private readonly reportId: () => string,
    /** Where a refusal is shown (the section's error line). */
    private readonly fail: (message: string | null) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get on(): boolean {
    return this.body.suggesting;
  }

  toggle(): void {
    this.note = null;
    this.body.setSuggesting(!this.body.suggesting);
    this.host.requestUpdate();
  }

  /** Send the scratch edits as suggestions, then leave the mode. */
  async submit(): Promise<void> {
    const { suggestions, unsupported } = this.body.scratchSuggestions();
    if (suggestions.length === 0) {
      this.note = unsupported ? t('suggest.unsupported') : t('suggest.nothing');
      this.host.requestUpdate();
      return;
    }
    this.busy = true;
    this.fail(null);
    let sent = 0;
    try {
      for (const s of suggestions) {
        await suggestApi.create(this.reportId(), s);
        sent++;
      }
      this.body.setSuggesting(false);
      this.note = `${t('suggest.sent', { n: sent })}${unsupported ? ` ${t('suggest.unsupported')}` : ''}`;
    } catch (err) {
      this.fail(err instanceof ApiError ? err.message : String(err));
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}
