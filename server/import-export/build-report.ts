/** Writes a parsed import into a fresh report doc: meta, one section per parsed section, their bodies. */
import { randomBytes } from 'node:crypto';
import type * as Y from 'yjs';
import type { ParsedReport } from '../../shared/import/types.ts';
import { stripNumber } from '../../shared/numbering.ts';
import { addSection, initReport } from '../reports/doc-sections.ts';
import { appendBlocks } from './write-blocks.ts';

// Same shape as ids made by the sections API.
const newSectionId = () => `s${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`;

/**
 * Fills `doc` (inside `room.change`) and returns the new section ids in outline order. Imported
 * numbers become structure: a title's typed number of its own level is dropped (shared/numbering.ts).
 */
export function buildReport(doc: Y.Doc, parsed: ParsedReport, title: string, createdAt: number): string[] {
  initReport(doc, title, createdAt);
  const ids: string[] = [];
  for (const section of parsed.sections) {
    const id = newSectionId();
    addSection(
      doc,
      {
        id,
        title: stripNumber(section.title, section.level),
        level: section.level,
        assignees: [],
        status: 'todo',
        due: null,
      },
      // At the end: naming the previous section would search the outline each time (quadratic).
      undefined,
    );
    appendBlocks(doc, id, section.blocks);
    ids.push(id);
  }
  return ids;
}
