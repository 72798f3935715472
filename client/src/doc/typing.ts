/**
 * "Typing in section X" in our awareness state (field `typing`): set on our first edit, cleared a
 * few seconds after the last one. Leaders see it before a change that would stop the writer, and
 * the server waits for such a writer before applying it (docs/document.md, `closing`).
 */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { SECTION_FIELD, TYPING_FIELD } from './presence.ts';

const TYPING_MS = 4000;

/** Publishes `typing` for edits made here (not for updates from the server or the local copy). */
export function publishTyping(doc: Y.Doc, awareness: Awareness): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = () => {
    timer = null;
    if (awareness.getLocalState()?.[TYPING_FIELD]) awareness.setLocalStateField(TYPING_FIELD, null);
  };
  const onTransaction = (tr: Y.Transaction) => {
    if (!tr.local || tr.changed.size === 0) return;
    const state = awareness.getLocalState();
    const section = typeof state?.[SECTION_FIELD] === 'string' ? state[SECTION_FIELD] : null;
    if (!section) return;
    if (state?.[TYPING_FIELD] !== section) awareness.setLocalStateField(TYPING_FIELD, section);
    if (timer) clearTimeout(timer);
    timer = setTimeout(stop, TYPING_MS);
  };
  doc.on('afterTransaction', onTransaction);
  return () => {
    if (timer) clearTimeout(timer);
    doc.off('afterTransaction', onTransaction);
  };
}
