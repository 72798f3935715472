/** 批量分工: only the sections whose writer or due date was changed are sent, with just that change. */
import { describe, expect, it } from 'vitest';
import { assigneesOf, changes, choiceOf } from '../../client/src/doc/bulk-assign.ts';

const rows = [
  { id: 's1', assignees: [], due: null },
  { id: 's2', assignees: ['lisi'], due: '2026-06-30' },
  { id: 's3', assignees: ['lisi', 'zhangwei'], due: null },
];

describe('bulk assignment', () => {
  it('round-trips a shared section as one choice', () => {
    expect(choiceOf(['lisi', 'zhangwei'])).toBe('lisi,zhangwei');
    expect(assigneesOf('lisi,zhangwei')).toEqual(['lisi', 'zhangwei']);
    expect(assigneesOf('')).toEqual([]);
  });

  it('sends what changed and nothing for sections picked back to what they had', () => {
    const picked = new Map([
      ['s1', { choice: 'zhangwei' }],
      ['s2', { choice: 'lisi', due: '2026-07-15' }],
      ['s3', { choice: 'lisi,zhangwei', due: '' }],
    ]);
    expect(changes(rows, picked)).toEqual([
      { id: 's1', patch: { assignees: ['zhangwei'] } },
      { id: 's2', patch: { due: '2026-07-15' } },
    ]);
  });

  it('clears a writer or a due date', () => {
    const picked = new Map([['s2', { choice: '', due: '' }]]);
    expect(changes(rows, picked)).toEqual([{ id: 's2', patch: { assignees: [], due: null } }]);
  });
});
