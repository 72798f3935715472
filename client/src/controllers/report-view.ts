/**
 * What one open report shows, derived from its live doc (ReportConnection): the outline, the
 * throttled progress counts, the comment threads placed in reading order and the peers present.
 * `refresh` (from the host's willUpdate) recomputes only what the connection says has changed, and
 * tells the others which section we are in.
 */
import { type ReportProgress, reportProgress } from '../../../shared/progress.ts';
import { type PlacedThread, placeThreads, readThreads } from '../doc/comments.ts';
import { readOutline, type SectionView } from '../doc/outline.ts';
import { type Peer, peersOf, SECTION_FIELD } from '../doc/presence.ts';
import type { ReportConnection } from './report-connection.ts';

const EMPTY_PROGRESS: ReportProgress = {
  sections: [],
  totals: { chars: 0, placeholders: 0, sections: 0, approved: 0, suggestions: 0 },
};

export class ReportView {
  outline: SectionView[] = [];
  progress: ReportProgress = EMPTY_PROGRESS;
  threads: PlacedThread[] = [];
  peers: Peer[] = [];
  private seenStructure = -1;
  private seenContent = -1;
  private seenComments = -1;
  private seenPresence = -1;
  private publishedSection: string | null | undefined = undefined;

  constructor(private readonly conn: ReportConnection) {}

  /** A new report is opened: forget what was shown of the last one. */
  reset(): void {
    this.threads = [];
    this.peers = [];
  }

  /** Brings everything up to date; says whether the outline and the threads were read again. */
  refresh(userId: string, activeSection: string | null): { structure: boolean; threads: boolean } {
    const { conn } = this;
    const doc = conn.doc;
    let structure = false;
    let threads = false;
    if (doc && conn.structureVersion !== this.seenStructure) {
      this.seenStructure = conn.structureVersion;
      this.outline = readOutline(doc);
      structure = true;
      // Threads are ordered by section: place them again.
      this.seenComments = -1;
    }
    if (doc && conn.contentVersion !== this.seenContent) {
      this.seenContent = conn.contentVersion;
      this.progress = reportProgress(doc);
      this.seenComments = -1;
    }
    if (doc && conn.commentsVersion !== this.seenComments) {
      // Text edits move anchors (order, deleted quotes): recomputed with the throttled counts.
      this.seenComments = conn.commentsVersion;
      this.threads = placeThreads(
        doc,
        readThreads(doc),
        this.outline.map((s) => s.id),
      );
      threads = true;
    }
    const awareness = conn.provider?.awareness;
    if (awareness && conn.presenceVersion !== this.seenPresence) {
      this.seenPresence = conn.presenceVersion;
      this.peers = peersOf(awareness.getStates() as Map<number, Record<string, unknown>>, userId);
    }
    if (
      awareness &&
      (this.publishedSection !== activeSection || awareness.getLocalState()?.[SECTION_FIELD] === undefined)
    ) {
      // Tell the others which section we are in (a fresh socket starts without it).
      this.publishedSection = activeSection;
      awareness.setLocalStateField(SECTION_FIELD, activeSection);
    }
    return { structure, threads };
  }
}
