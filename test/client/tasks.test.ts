/** 我的任务 / 进度: sections joined with progress, due state and open comments, grouped per person. */
import { describe, expect, it } from 'vitest';
import type { SectionView } from '../../client/src/doc/outline.ts';
import { byPerson, tasksOf, tasksOfUser } from '../../client/src/doc/tasks.ts';
import type { SectionProgress } from '../../shared/progress.ts';

const section = (
  id: string,
  title: string,
  assignees: string[],
  extra: Partial<SectionView> = {},
): SectionView => ({
  id,
  title,
  level: 1,
  assignees,
  status: 'drafting',
  due: null,
  ...extra,
});
const outline = [
  section('s1', '主要工作', ['lisi'], { due: '2026-06-30', number: '一、' }),
  section('s2', '存在问题', ['zhangwei'], { due: '2026-12-31', number: '二、' }),
  section('s3', '下步打算', ['lisi', 'zhangwei'], { number: '三、' }),
  section('s4', '其他', []),
  section('s5', '开篇', ['zhangwei'], { status: 'approved', due: '2026-01-01' }),
];
const progress = (id: string, chars: number, placeholders: number, suggestions = 0): SectionProgress => ({
  id,
  title: '',
  level: 1,
  status: 'drafting',
  assignees: [],
  chars,
  placeholders,
  suggestions,
});
const prog = [progress('s1', 30, 2, 1), progress('s2', 12, 1), progress('s3', 0, 0), progress('s5', 40, 0)];
const comments = new Map([
  ['s1', 2],
  ['s2', 1],
]);

describe('tasks', () => {
  it('joins progress, overdue (not once approved) and open comments per section', () => {
    const tasks = tasksOf(outline, prog, comments, '2026-07-01');
    expect(tasks.map((x) => [x.id, x.overdue, x.placeholders, x.comments, x.suggestions])).toEqual([
      ['s1', true, 2, 2, 1],
      ['s2', false, 1, 1, 0],
      ['s3', false, 0, 0, 0],
      ['s4', false, 0, 0, 0],
      ['s5', false, 0, 0, 0],
    ]);
    expect(tasks[0]!.number).toBe('一、');
  });

  it('lists one person’s sections in outline order', () => {
    const tasks = tasksOf(outline, prog, comments, '2026-07-01');
    expect(tasksOfUser(tasks, 'lisi').map((x) => x.id)).toEqual(['s1', 's3']);
    expect(tasksOfUser(tasks, 'nobody')).toEqual([]);
  });

  it('puts who is behind first and counts only what is left', () => {
    const tasks = tasksOf(outline, prog, comments, '2026-07-01');
    const people = [
      { id: 'zhangwei', name: '张伟' },
      { id: 'lisi', name: '李四' },
      { id: 'wangjuan', name: '王娟' },
    ];
    const { people: loads, unowned } = byPerson(tasks, people, () => '已移出的成员');
    expect(loads.map((p) => p.name)).toEqual(['李四', '张伟', '王娟']);
    const [lisi, zhangwei, wangjuan] = loads;
    expect([lisi!.overdue, lisi!.left.length, lisi!.placeholders, lisi!.comments, lisi!.suggestions]).toEqual(
      [1, 2, 2, 2, 1],
    );
    // The approved 开篇 counts in the total but not in what is left.
    expect([zhangwei!.tasks.length, zhangwei!.left.length, zhangwei!.overdue]).toEqual([3, 2, 0]);
    expect(wangjuan!.tasks).toEqual([]);
    expect(unowned.map((x) => x.id)).toEqual(['s4']);
  });

  it('names an assignee who left the report instead of dropping their sections', () => {
    const tasks = tasksOf([section('s1', '主要工作', ['gone'])], [], new Map(), '2026-07-01');
    const { people } = byPerson(tasks, [], () => '已移出的成员');
    expect(people.map((p) => [p.name, p.tasks.length])).toEqual([['已移出的成员', 1]]);
  });
});
