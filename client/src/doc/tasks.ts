/**
 * Who has what left to do: each section joined with its live progress, due state and open
 * comments, then grouped per person (进度 / 分工) or filtered to one person (我的任务).
 */
import { dayOf, isOverdue } from '../../../shared/due.ts';
import type { SectionProgress } from '../../../shared/progress.ts';
import type { SectionView } from './outline.ts';

/** A section as a task: its outline view plus how far it is. */
export interface Task extends SectionView {
  overdue: boolean;
  chars: number;
  placeholders: number;
  /** Pending suggestions (修订) waiting for a decision. */
  suggestions: number;
  /** Comment threads not yet resolved. */
  comments: number;
}

/** One person's share of the report. */
export interface PersonLoad {
  id: string;
  name: string;
  tasks: Task[];
  /** Sections not approved yet. */
  left: Task[];
  overdue: number;
  placeholders: number;
  suggestions: number;
  comments: number;
}

/** Every section of the outline as a task, in outline order. */
export function tasksOf(
  outline: SectionView[],
  progress: SectionProgress[],
  openComments: ReadonlyMap<string, number>,
  today = dayOf(Date.now()),
): Task[] {
  const byId = new Map(progress.map((p) => [p.id, p]));
  return outline.map((s) => {
    const p = byId.get(s.id);
    return {
      ...s,
      overdue: isOverdue(s, today),
      chars: p?.chars ?? 0,
      placeholders: p?.placeholders ?? 0,
      suggestions: p?.suggestions ?? 0,
      comments: openComments.get(s.id) ?? 0,
    };
  });
}

/** The tasks assigned to `userId`. */
export const tasksOfUser = (tasks: Task[], userId: string): Task[] =>
  tasks.filter((x) => x.assignees.includes(userId));

function load(id: string, name: string, tasks: Task[]): PersonLoad {
  const left = tasks.filter((x) => x.status !== 'approved');
  const sum = (pick: (x: Task) => number) => left.reduce((n, x) => n + pick(x), 0);
  return {
    id,
    name,
    tasks,
    left,
    overdue: left.filter((x) => x.overdue).length,
    placeholders: sum((x) => x.placeholders),
    suggestions: sum((x) => x.suggestions),
    comments: sum((x) => x.comments),
  };
}

/**
 * Per person (a section with two owners counts for both), those furthest behind first: most
 * overdue sections, then most sections left. `people` lists who can own sections (name by id);
 * assignees outside it are named by `nameOf`. Sections nobody owns come back apart.
 */
export function byPerson(
  tasks: Task[],
  people: { id: string; name: string }[],
  nameOf: (id: string) => string,
): { people: PersonLoad[]; unowned: Task[] } {
  const owned = new Map<string, { name: string; tasks: Task[] }>();
  for (const p of people) owned.set(p.id, { name: p.name, tasks: [] });
  for (const x of tasks) {
    for (const id of x.assignees) {
      if (!owned.has(id)) owned.set(id, { name: nameOf(id), tasks: [] });
      owned.get(id)!.tasks.push(x);
    }
  }
  const list = [...owned].map(([id, p]) => load(id, p.name, p.tasks));
  list.sort(
    (a, b) => b.overdue - a.overdue || b.left.length - a.left.length || a.name.localeCompare(b.name, 'zh-CN'),
  );
  return { people: list, unowned: tasks.filter((x) => x.assignees.length === 0) };
}
