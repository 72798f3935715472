import { describe, expect, it } from 'vitest';
import { dayOf, isOverdue } from './due.ts';

describe('due dates', () => {
  it('is late from the day after the due date, only while still being written', () => {
    expect(isOverdue({ due: '2026-06-30', status: 'drafting' }, '2026-06-30')).toBe(false);
    expect(isOverdue({ due: '2026-06-30', status: 'drafting' }, '2026-07-01')).toBe(true);
    expect(isOverdue({ due: '2026-06-30', status: 'todo' }, '2027-01-01')).toBe(true);
    expect(isOverdue({ due: '2026-06-30', status: 'returned' }, '2026-07-01')).toBe(true);
    expect(isOverdue({ due: '2026-06-30', status: 'submitted' }, '2026-07-01')).toBe(false);
    expect(isOverdue({ due: '2026-06-30', status: 'approved' }, '2026-07-01')).toBe(false);
    expect(isOverdue({ due: null, status: 'todo' }, '2026-07-01')).toBe(false);
  });

  it('formats the local calendar day', () => {
    expect(dayOf(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05');
  });
});
