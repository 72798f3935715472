import { describe, expect, it } from 'vitest';
import type { SectionStatus } from './layout.ts';
import { nextStatuses, transitionError } from './workflow.ts';

describe('section workflow', () => {
  it.each<[SectionStatus, SectionStatus, 'leader' | 'assignee', boolean]>([
    ['todo', 'drafting', 'leader', true],
    ['drafting', 'submitted', 'assignee', true],
    ['returned', 'submitted', 'assignee', true],
    ['submitted', 'approved', 'leader', true],
    ['submitted', 'returned', 'leader', true],
    ['approved', 'returned', 'leader', true],
    ['todo', 'submitted', 'assignee', false],
    ['submitted', 'approved', 'assignee', false],
    ['drafting', 'approved', 'leader', false],
    ['approved', 'drafting', 'leader', false],
  ])('%s → %s by %s: %s', (from, to, actor, allowed) => {
    expect(transitionError(from, to, actor) === null).toBe(allowed);
  });

  it('offers the client exactly the moves the server accepts', () => {
    const all: SectionStatus[] = ['todo', 'drafting', 'submitted', 'approved', 'returned'];
    for (const from of all) {
      for (const [leader, assignee] of [
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        for (const to of nextStatuses(from, leader, assignee)) {
          const ok =
            (leader && !transitionError(from, to, 'leader')) ||
            (assignee && !transitionError(from, to, 'assignee'));
          expect(ok).toBe(true);
        }
      }
    }
    expect(nextStatuses('submitted', false, true)).toEqual([]);
  });
});
