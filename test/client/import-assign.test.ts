/** Picks made in the import preview follow their section: a shifted outline drops the ones that moved. */
import { describe, expect, it } from 'vitest';
import { pickKey, picksFor } from '../../client/src/doc/import-assign.ts';

describe('import preview picks', () => {
  it('gives each section its pick, and nothing to a section that is no longer where it was picked', () => {
    const picks = new Map([
      [pickKey(0, '一、基本情况'), 'u-lisi'],
      [pickKey(1, '二、主要做法'), 'u-zhang'],
    ]);
    expect(picksFor(['一、基本情况', '二、主要做法', '三、存在问题'], picks)).toEqual([
      'u-lisi',
      'u-zhang',
      '',
    ]);
    // A restored line became a section before 二: the pick for 二 does not land on the newcomer.
    expect(picksFor(['一、基本情况', '（一）恢复的小节', '二、主要做法'], picks)).toEqual(['u-lisi', '', '']);
  });
});
