import type * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { type BodyCounts, bodyCounts } from '../../shared/progress.ts';

// biome-ignore lint/suspicious/noExplicitAny: Yjs types are invariant in their event type
type Root = Y.AbstractType<any>;

interface Counted extends BodyCounts {
  /** The body root counted (undefined: it did not exist); yjs replaces a root's object when first typed. */
  root: Root | undefined;
}

/**
 * A loaded report's section body counts (characters, placeholders), kept between summary writes: a
 * body is counted again only if a transaction changed something in it since, so a writer typing in one
 * section costs a walk of that section's text, not of the whole report, per summary.
 */
export class BodyCountsCache {
  private readonly counted = new Map<string, Counted>();
  /** Body roots (any root, in fact) changed since the last `countsOf` round. */
  private readonly changed = new Set<Root>();
  /** Bodies walked so far (for tests: only changed ones are walked again). */
  recounts = 0;

  /** Notes what a transaction changed (the doc's afterTransaction): a few pointer hops per changed type. */
  noteChanged(tr: Y.Transaction): void {
    for (const type of tr.changed.keys()) {
      let root: Root = type;
      while (root._item) root = root._item.parent as Root;
      this.changed.add(root);
    }
  }

  /** For `reportProgress`: counts of the bodies unchanged since counted, fresh counts of the rest. */
  readonly countsOf = (doc: Y.Doc, sectionId: string): BodyCounts => {
    this.forgetChanged();
    const cached = this.counted.get(sectionId);
    if (cached && cached.root === doc.share.get(bodyRoot(sectionId))) return cached;
    this.recounts++;
    const counts = bodyCounts(doc, sectionId);
    this.counted.set(sectionId, { ...counts, root: doc.share.get(bodyRoot(sectionId)) });
    return counts;
  };

  private forgetChanged(): void {
    if (this.changed.size === 0) return;
    for (const [sectionId, { root }] of this.counted) {
      if (root && this.changed.has(root)) this.counted.delete(sectionId);
    }
    this.changed.clear();
  }
}
