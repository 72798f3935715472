/**
 * A section's workflow moves (提交审阅, 定稿, 退回 with its note form, 重新打开): asked first when the
 * change needs it (doc/confirm-change.ts), sent to the server, and the refusal kept to show; after a
 * 409 on 定稿 for pending suggestions, a leader is offered to approve anyway.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SectionInfo, SectionStatus } from '../../../shared/layout.ts';
import { ApiError, api, type Member } from '../api.ts';
import { type ChangeContext, confirmQuestion, stoppedWriters } from '../doc/confirm-change.ts';
import type { Peer } from '../doc/presence.ts';

export type Change = { status?: SectionStatus; assignees?: string[] };

export interface WorkflowContext {
  reportId: string;
  section: SectionInfo;
  leader: boolean;
  members: Member[];
  peers: Peer[];
  /** Placeholders left in the section's text now. */
  placeholders: () => number;
}

export class SectionWorkflow implements ReactiveController {
  busy = false;
  error: string | null = null;
  /** A 409 on 定稿 because suggestions are pending: a leader may approve anyway. */
  offerForce = false;
  /** The 退回 note form is open. */
  returning = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly context: () => WorkflowContext,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  private changeContext(change: Change): ChangeContext {
    const c = this.context();
    return {
      section: c.section,
      ...change,
      placeholders: c.placeholders(),
      peers: c.peers,
      roleOf: (id) => c.members.find((m) => m.userId === id)?.role ?? null,
    };
  }

  /** Asks the leader to confirm, when the change needs it (定稿, 退回, stopping someone typing). */
  confirm(change: Change): boolean {
    const question = confirmQuestion(this.changeContext(change));
    return question === null || window.confirm(question);
  }

  async setStatus(status: SectionStatus, note?: string, confirmed = false, force = false): Promise<void> {
    if (!confirmed && !this.confirm({ status })) return;
    const c = this.context();
    this.busy = true;
    this.error = null;
    this.offerForce = false;
    this.host.requestUpdate();
    try {
      await api.patchSection(c.reportId, c.section.id, {
        status,
        ...(note ? { note } : {}),
        ...(force ? { force } : {}),
      });
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
      this.offerForce = err instanceof ApiError && err.status === 409 && status === 'approved' && c.leader;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  setReturning(open: boolean): void {
    this.returning = open;
    this.host.requestUpdate();
  }

  /** The return form was sent: it is its own confirmation, unless it stops someone typing. */
  async confirmReturn(note: string): Promise<void> {
    const ctx = this.changeContext({ status: 'returned' });
    if (stoppedWriters(ctx).length > 0 && !window.confirm(confirmQuestion(ctx) ?? '')) return;
    await this.setStatus('returned', note, true);
    if (!this.error) this.setReturning(false);
  }

  /** Someone else's error (the suggestion mode's) shows in the same place. */
  fail(message: string | null): void {
    this.error = message;
    this.host.requestUpdate();
  }
}
