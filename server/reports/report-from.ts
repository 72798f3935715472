/**
 * A new report that does not start empty: from a template (shared/templates.ts) or from an
 * existing report (its sections and text as a starting draft, for next year's version). Both
 * fill the fresh doc inside `room.change`; statuses start at todo, due dates are left to set.
 */
import { randomBytes } from 'node:crypto';
import type * as Y from 'yjs';
import { paragraph } from '../../shared/import/types.ts';
import { bodyRoot } from '../../shared/layout.ts';
import type { ReportTemplate } from '../../shared/templates.ts';
import { appendBlocks } from '../import-export/write-blocks.ts';
import { addSection, initReport, listSections } from './doc-sections.ts';

// Same shape as ids made by the sections API.
const newSectionId = () => `s${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`;

/** The template's sections and text; those it suggests for `me` are assigned to the creator. */
export function fillFromTemplate(
  doc: Y.Doc,
  template: ReportTemplate,
  title: string,
  createdAt: number,
  creatorId: string,
): void {
  initReport(doc, title, createdAt);
  let after: string | null = null;
  for (const s of template.sections) {
    const id = newSectionId();
    const assignees = s.owner === 'me' ? [creatorId] : [];
    addSection(doc, { id, title: s.title, level: s.level, assignees, status: 'todo', due: null }, after);
    appendBlocks(doc, id, s.paragraphs.map(paragraph));
    after = id;
  }
}

/**
 * The sections of `source` (titles, levels, text with its formatting) as a new draft. Assignees
 * are kept when `keep` says they are members of the new report; comments, suggestions, statuses
 * and due dates are not carried over.
 */
export function fillFromReport(
  doc: Y.Doc,
  source: Y.Doc,
  title: string,
  createdAt: number,
  keep: (userId: string) => boolean,
): void {
  initReport(doc, title, createdAt);
  let after: string | null = null;
  for (const s of listSections(source)) {
    const id = newSectionId();
    const assignees = s.assignees.filter(keep);
    addSection(doc, { id, title: s.title, level: s.level, assignees, status: 'todo', due: null }, after);
    const name = bodyRoot(s.id);
    if (source.share.has(name)) {
      const children = source.getXmlFragment(name).toArray();
      const copies = children.map((child) => child.clone()) as (Y.XmlElement | Y.XmlText)[];
      if (copies.length) doc.getXmlFragment(bodyRoot(id)).insert(0, copies);
    }
    after = id;
  }
}
