/**
 * The 建议修改 mode edits a scratch fork of the report doc. Its diff against the real doc becomes
 * suggestions: per paragraph text, each run of original characters the fork deleted and/or new
 * characters it inserted, bounded by characters it kept. Anchors name original characters only,
 * so they are valid in the real doc (and on the server).
 */
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { bodyRoot } from '../../../shared/layout.ts';

/** A suggestion body for POST /suggestions. */
export interface DraftSuggestion {
  sectionId: string;
  anchor: { start: string; end: string };
  quote: string;
  replacement: string;
}

const encode = (json: Record<string, unknown>) =>
  toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromJSON(json)));
const idJson = (id: Y.ID) => ({ client: id.client, clock: id.clock });

/** Is the original character `id` still there in the real doc? */
function liveInReal(real: Y.Doc, id: Y.ID): boolean {
  if (Y.getState(real.store, id.client) <= id.clock) return false;
  const item = Y.getItem(real.store, id);
  return item instanceof Y.Item && !item.deleted;
}

interface Run {
  deleted: { id: Y.ID; ch: string }[];
  inserted: string;
}

/** Suggestions for one paragraph text of the fork. */
function diffText(text: Y.XmlText, real: Y.Doc, mine: number, sectionId: string): DraftSuggestion[] {
  const out: DraftSuggestion[] = [];
  let run: Run = { deleted: [], inserted: '' };
  let lastKept: Y.ID | null = null;
  const close = (next: Y.ID | null) => {
    if (run.deleted.length === 0 && run.inserted === '') return;
    const first = run.deleted[0];
    const last = run.deleted[run.deleted.length - 1];
    let start: string;
    let end: string;
    if (first && last) {
      start = encode({ item: idJson(first.id), assoc: 0 });
      end = encode({ item: idJson(last.id), assoc: -1 });
    } else if (next) start = end = encode({ item: idJson(next), assoc: 0 });
    else if (lastKept) start = end = encode({ item: idJson(lastKept), assoc: -1 });
    else start = end = encode({ type: idJson(text._item!.id), assoc: 0 });
    out.push({
      sectionId,
      anchor: { start, end },
      quote: run.deleted.map((d) => d.ch).join(''),
      replacement: run.inserted,
    });
    run = { deleted: [], inserted: '' };
  };
  for (let item = text._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentString)) continue;
    const str = item.content.str;
    for (let i = 0; i < str.length; i++) {
      const id = Y.createID(item.id.client, item.id.clock + i);
      const isNew = item.id.client === mine;
      if (isNew) {
        if (!item.deleted) run.inserted += str[i];
      } else if (!liveInReal(real, id)) {
        // Deleted in the real doc already (by someone else): not this user's change.
      } else if (item.deleted) run.deleted.push({ id, ch: str[i]! });
      else {
        close(id);
        lastKept = id;
      }
    }
  }
  close(null);
  return out;
}

/** Every paragraph text of the section in the fork that the real doc also has. */
function textsOf(fork: Y.Doc, sectionId: string): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlText) out.push(child);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(fork.getXmlFragment(bodyRoot(sectionId)));
  return out;
}

/**
 * The suggestions a fork's edits of one section amount to, and whether it holds changes they
 * cannot express (text in paragraphs the real doc does not have).
 */
export function forkSuggestions(
  real: Y.Doc,
  fork: Y.Doc,
  sectionId: string,
): { suggestions: DraftSuggestion[]; unsupported: boolean } {
  const mine = fork.clientID;
  const suggestions: DraftSuggestion[] = [];
  let unsupported = false;
  for (const text of textsOf(fork, sectionId)) {
    if (text._item?.id.client === mine) {
      unsupported ||= text.length > 0;
      continue;
    }
    suggestions.push(...diffText(text, real, mine, sectionId));
  }
  return { suggestions, unsupported };
}

/** A fork of `real` that keeps receiving its updates; `stop()` ends that. */
export function forkDoc(real: Y.Doc): { fork: Y.Doc; stop: () => void } {
  // No garbage collection: the text the user deleted must stay readable to become the quote.
  const fork = new Y.Doc({ gc: false });
  Y.applyUpdate(fork, Y.encodeStateAsUpdate(real));
  const follow = (update: Uint8Array) => Y.applyUpdate(fork, update);
  real.on('update', follow);
  return {
    fork,
    stop: () => {
      real.off('update', follow);
      fork.destroy();
    },
  };
}
