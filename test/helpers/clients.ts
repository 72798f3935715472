import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { fragmentText } from '../../shared/progress.ts';

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves with the close code of the next close. */
  nextClose(): Promise<{ code: number; reason: string }>;
  destroy(): void;
}

/** A stock y-websocket client (no BroadcastChannel, so everything goes through the server). */
export function connect(wsUrl: string, reportId: string, token: string, doc = new Y.Doc()): Client {
  const provider = new WebsocketProvider(wsUrl, reportId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const closes: ((e: { code: number; reason: string }) => void)[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => {
    const e = { code: event?.code ?? 0, reason: String(event?.reason ?? '') };
    for (const resolve of closes.splice(0)) resolve(e);
  });
  return {
    doc,
    provider,
    nextClose: () => new Promise((resolve) => closes.push(resolve)),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * A stock provider with nothing but its defaults (default back-off and reconnect rules: what a
 * limit must never cut off for good), except BroadcastChannel, so all goes through the server.
 * `closes` collects every close code it sees.
 */
export function defaultClient(wsUrl: string, reportId: string, token: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(wsUrl, reportId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0));
  const destroy = () => {
    provider.destroy();
    doc.destroy();
  };
  return { doc, provider, closes, destroy };
}

/** Waits until `check()` is true, polling; fails after `timeoutMs` with `what`. */
export async function until(check: () => boolean, what = 'condition', timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const synced = (client: Client) => until(() => client.provider.synced, 'sync');

/** Appends a paragraph of text to a section body (what an editor does). */
export function typeParagraph(doc: Y.Doc, sectionId: string, text: string): void {
  const fragment = doc.getXmlFragment(bodyRoot(sectionId));
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.push([paragraph]);
}

/** Types into the first paragraph of a section, creating it if needed. */
export function typeInto(doc: Y.Doc, sectionId: string, text: string, at = 0): void {
  const fragment = doc.getXmlFragment(bodyRoot(sectionId));
  if (fragment.length === 0) typeParagraph(doc, sectionId, '');
  const paragraph = fragment.get(0) as Y.XmlElement;
  (paragraph.get(0) as Y.XmlText).insert(at, text);
}

/** Plain text of a section body, paragraphs joined by newlines. */
export const bodyText = (doc: Y.Doc, sectionId: string): string =>
  fragmentText(doc.getXmlFragment(bodyRoot(sectionId)));
