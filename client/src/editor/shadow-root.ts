/**
 * y-tiptap asks the editor's root for `createRange()` when a remote change arrives while the
 * editor has focus (ProsemirrorBinding._isDomSelectionInView). Our editors live in shadow
 * roots, which have no createRange: the call threw inside the Yjs observer, the binding skipped
 * the remote change, and the next local edit could write the stale view back over it. A
 * document range works across the shadow boundary, so lend the root the document's.
 */
type RangeRoot = (Document | ShadowRoot) & { createRange?: () => Range };

/** Give `root` a createRange() if it lacks one. */
export function lendCreateRange(root: Document | ShadowRoot): void {
  const r = root as RangeRoot;
  if (typeof r.createRange === 'function') return;
  Object.defineProperty(r, 'createRange', { value: () => document.createRange(), configurable: true });
}
