import { describe, expect, it } from 'vitest';
import type { SectionStatus } from './layout.ts';
import { nextStatuses, transitionError, writeRefusal } from './workflow.ts';

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

describe('who may write a section in each status', () => {
  it.each<[SectionStatus, 'leader' | 'writer', boolean, boolean]>([
    ['drafting', 'writer', true, true],
    ['returned', 'writer', true, true],
    ['submitted', 'writer', true, false],
    ['submitted', 'leader', false, true],
    ['approved', 'leader', false, false],
    ['approved', 'writer', true, false],
    ['drafting', 'writer', false, false],
  ])('%s, %s (assigned: %s) → may write: %s', (status, role, assigned, may) => {
    const refusal = writeRefusal({ status, assignees: assigned ? ['u1'] : [] }, role, 'u1');
    expect(refusal === null).toBe(may);
  });
});
