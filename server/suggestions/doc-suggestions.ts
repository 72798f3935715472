/**
 * Server-side writes of the `suggestions` root and of the body text a suggestion changes. Every
 * function runs inside `room.change` (a server write); clients never write this root (policy.ts).
 */
import type * as Y from 'yjs';
import { paragraph } from '../../shared/import/types.ts';
import { currentRange, readSuggestions, type Suggestion, suggestionsOf } from '../../shared/suggestions.ts';
import { appendBlocks } from '../import-export/write-blocks.ts';

export function addSuggestion(doc: Y.Doc, s: Suggestion): void {
  const { id, ...entry } = s;
  suggestionsOf(doc).set(id, entry);
}

export function removeSuggestion(doc: Y.Doc, id: string): void {
  suggestionsOf(doc).delete(id);
}

/**
 * Apply a suggestion to its section's text and remove it. False (nothing changed) when the quoted
 * text is no longer there: the caller answers 409 and the suggestion stays, flagged outdated.
 */
export function applySuggestion(doc: Y.Doc, s: Suggestion): boolean {
  if (s.anchor === null) {
    const lines = s.replacement.split('\n').filter((line) => line.trim() !== '');
    appendBlocks(doc, s.sectionId, lines.map(paragraph));
  } else {
    const range = currentRange(doc, s);
    if (!range) return false;
    if (range.to > range.from) range.text.delete(range.from, range.to - range.from);
    // No attributes: the new text takes the formatting of the text before it, as typing would.
    if (s.replacement) range.text.insert(range.from, s.replacement);
  }
  removeSuggestion(doc, s.id);
  return true;
}

/** Ids of a section's suggestions, for removing them with the section. */
export const suggestionsOfSection = (doc: Y.Doc, sectionId: string): string[] =>
  readSuggestions(doc)
    .filter((s) => s.sectionId === sectionId)
    .map((s) => s.id);
