/**
 * The report document layout: root type names of the one Y.Doc per report.
 * These names are part of the public contract (docs/document.md).
 */

export const META = 'meta';
export const OUTLINE = 'outline';
export const SECTIONS = 'sections';
export const COMMENTS = 'comments';
/** Pending suggestions (修订), written only by the server: Y.Map<id, plain object>. */
export const SUGGESTIONS = 'suggestions';
export const BODY_PREFIX = 'body:';

/** Root name of a section's rich-text fragment. */
export const bodyRoot = (sectionId: string): string => `${BODY_PREFIX}${sectionId}`;

/** The section id of a `body:<sid>` root name, or null for any other root. */
export function sectionOfRoot(rootName: string): string | null {
  return rootName.startsWith(BODY_PREFIX) && rootName.length > BODY_PREFIX.length
    ? rootName.slice(BODY_PREFIX.length)
    : null;
}

export const ROLES = ['leader', 'writer', 'commenter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const SECTION_STATUSES = ['todo', 'drafting', 'submitted', 'approved', 'returned'] as const;
export type SectionStatus = (typeof SECTION_STATUSES)[number];

/** Plain view of one entry of the `sections` map. */
export interface SectionInfo {
  id: string;
  title: string;
  level: number;
  assignees: string[];
  status: SectionStatus;
  due: string | null;
  /** Why a leader returned the section, while it is `returned`. */
  note?: string;
  /** A change about to stop someone writing here, announced for a few seconds before it applies. */
  closing?: SectionClosing;
}

/** The `closing` field of a section: a leader's change that will stop `writers` writing at `until`. */
export interface SectionClosing {
  byId: string;
  by: string;
  /** The status being set, or null for an assignment change. */
  status: SectionStatus | null;
  /** Epoch milliseconds. */
  until: number;
  /** Display names of those it stops. */
  writers: string[];
}
