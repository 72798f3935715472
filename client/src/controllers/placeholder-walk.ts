/**
 * 下一处待填: walks the placeholders of the report section by section, from the last one visited,
 * wrapping around; only the user's own sections when they own any and 只看我的 is on.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { nextSpot, type Spot } from '../doc/next-placeholder.ts';
import { type Task, tasksOfUser } from '../doc/tasks.ts';
import { t } from '../i18n.ts';

/** What the walk needs of a section element. */
export interface PlaceholderHost {
  placeholders(): { from: number; to: number }[];
  reveal(range: { from: number; to: number }): void;
}

export class PlaceholderWalk implements ReactiveController {
  /** 只看我的: on by default. */
  onlyMine = true;
  /** Said when there is nothing (left) to walk to. */
  message: string | null = null;
  private last: { sid: string; from: number } | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Start again from the top (another report is open). */
  restart(): void {
    this.last = null;
  }

  setOnlyMine(on: boolean): void {
    this.onlyMine = on;
    this.last = null;
    this.message = null;
    this.host.requestUpdate();
  }

  /** The sections walked: mine when I own any and "only mine" is on, else all. */
  walked(tasks: Task[], userId: string): { tasks: Task[]; mine: boolean } {
    const mine = tasksOfUser(tasks, userId);
    return this.onlyMine && mine.length > 0 ? { tasks: mine, mine: true } : { tasks, mine: false };
  }

  /** Moves to the next placeholder; the section it is in, or null when there is none. */
  next(
    tasks: Task[],
    userId: string,
    order: string[],
    sectionEl: (id: string) => PlaceholderHost | null,
  ): string | null {
    const walked = this.walked(tasks, userId);
    const spots: Spot[] = [];
    for (const s of walked.tasks) {
      for (const r of sectionEl(s.id)?.placeholders() ?? []) spots.push({ sid: s.id, ...r });
    }
    const target = nextSpot(spots, order, this.last);
    this.message = target ? null : t(walked.mine ? 'report.noMinePlaceholders' : 'report.noPlaceholders');
    this.host.requestUpdate();
    if (!target) return null;
    this.last = { sid: target.sid, from: target.from };
    sectionEl(target.sid)?.reveal(target);
    return target.sid;
  }
}
