/**
 * What a leader must confirm before a section change (issue 12): 定稿 and 退回 always; 定稿 with
 * unfilled placeholders names their count; any change that stops someone typing there names them.
 * Returns the question to ask, or null when the change needs no confirmation.
 */
import type { Role, SectionInfo, SectionStatus } from '../../../shared/layout.ts';
import { writeRefusal } from '../../../shared/workflow.ts';
import { t } from '../i18n.ts';
import type { Peer } from './presence.ts';

export interface ChangeContext {
  /** The section, with its computed number (一、) when it has one. */
  section: SectionInfo & { number?: string };
  /** The status being set, if any. */
  status?: SectionStatus;
  /** The new assignees, if they change. */
  assignees?: string[];
  /** Placeholders left in the section's text. */
  placeholders: number;
  /** Others present, with where they are typing. */
  peers: Peer[];
  /** Role of each member, to tell who the change stops. */
  roleOf: (userId: string) => Role | null;
}

/** Others typing in the section now who may write it now and may not after the change. */
export function stoppedWriters(c: ChangeContext): Peer[] {
  const after = { status: c.status ?? c.section.status, assignees: c.assignees ?? c.section.assignees };
  return c.peers.filter((p) => {
    const role = c.roleOf(p.userId);
    if (p.typing !== c.section.id || (role !== 'leader' && role !== 'writer')) return false;
    return writeRefusal(c.section, role, p.userId) === null && writeRefusal(after, role, p.userId) !== null;
  });
}

export function confirmQuestion(c: ChangeContext): string | null {
  const title = (c.section.number ?? '') + (c.section.title || t('section.untitled'));
  const lines: string[] = [];
  const changesStatus = c.status !== undefined && c.status !== c.section.status;
  if (changesStatus && c.status === 'approved') {
    lines.push(t('confirm.approve', { title }));
    if (c.placeholders > 0) lines.push(t('confirm.placeholders', { n: c.placeholders }));
  } else if (changesStatus && c.status === 'returned') lines.push(t('confirm.return', { title }));
  const stopped = stoppedWriters(c);
  if (stopped.length > 0) {
    if (lines.length === 0) lines.push(t('confirm.change', { title }));
    lines.push(t('confirm.typing', { names: stopped.map((p) => p.name).join('、') }));
  }
  return lines.length > 0 ? lines.join('\n\n') : null;
}
