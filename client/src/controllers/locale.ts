/** Re-render the host whenever the UI language changes. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LANG_EVENT } from '../i18n.ts';

export class LocaleController implements ReactiveController {
  private readonly onChange = () => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener(LANG_EVENT, this.onChange);
  }

  hostDisconnected(): void {
    window.removeEventListener(LANG_EVENT, this.onChange);
  }
}
