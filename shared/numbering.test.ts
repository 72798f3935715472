import { describe, expect, it } from 'vitest';
import { chineseNumeral, numbered, numberLabel, sectionNumbers, stripNumber } from './numbering.ts';

const outline = (...levels: number[]) => levels.map((level, i) => ({ title: `第${i}节`, level }));

describe('section numbering', () => {
  it('writes Chinese numerals up to 99', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 45, 99].map(chineseNumeral)).toEqual([
      '一',
      '九',
      '十',
      '十一',
      '十九',
      '二十',
      '二十一',
      '四十五',
      '九十九',
    ]);
    expect(chineseNumeral(100)).toBe('100');
  });

  it('prints each level in the 公文 pattern', () => {
    expect([1, 2, 3, 4].map((l) => numberLabel(l, 3))).toEqual(['三、', '（三）', '3.', '（3）']);
  });

  it('counts a level since the last section of a higher level', () => {
    expect(sectionNumbers(outline(1, 2, 2, 3, 3, 4, 2, 1, 2, 3, 1))).toEqual([
      '一、',
      '（一）',
      '（二）',
      '1.',
      '2.',
      '（1）',
      '（三）',
      '二、',
      '（一）',
      '1.',
      '三、',
    ]);
  });

  it('follows a move: 三 above 二 becomes 二 and 二 becomes 三', () => {
    const a = { title: '主要工作', level: 1 };
    const b = { title: '存在问题', level: 1 };
    const c = { title: '下一步打算', level: 1 };
    expect(sectionNumbers([a, b, c])).toEqual(['一、', '二、', '三、']);
    expect(numbered([a, c, b]).map((s) => s.number + s.title)).toEqual([
      '一、主要工作',
      '二、下一步打算',
      '三、存在问题',
    ]);
    // Removing one renumbers the rest; adding one between shifts those after it.
    expect(sectionNumbers([a, c])).toEqual(['一、', '二、']);
    expect(sectionNumbers([a, { title: '新增', level: 1 }, b, c])).toEqual(['一、', '二、', '三、', '四、']);
  });

  it('leaves 开篇/正文/结语/落款 unnumbered and uncounted', () => {
    const s = (title: string, level = 1) => ({ title, level });
    expect(
      sectionNumbers([s('开篇'), s('甲'), s('乙', 3), s('乙二', 3), s('丙'), s('结语'), s('落款')]),
    ).toEqual(['', '一、', '1.', '2.', '二、', '', '']);
  });

  it('a level-3 section right under a level-1 one starts at 1.', () => {
    expect(sectionNumbers(outline(1, 3, 3, 1, 3))).toEqual(['一、', '1.', '2.', '二、', '1.']);
  });

  it('strips a typed number that matches the level, and only that', () => {
    expect(stripNumber('三、主要工作', 1)).toBe('主要工作');
    expect(stripNumber('十二．其他', 1)).toBe('其他');
    expect(stripNumber('（二）加强学习', 2)).toBe('加强学习');
    expect(stripNumber('(二) 加强学习', 2)).toBe('加强学习');
    expect(stripNumber('1.粮食生产稳中有增。', 3)).toBe('粮食生产稳中有增。');
    expect(stripNumber('12、特色产业', 3)).toBe('特色产业');
    expect(stripNumber('（1）中央厨房模式。', 4)).toBe('中央厨房模式。');
    // Another level's pattern is part of the title; so are numbers that are data.
    expect(stripNumber('（一）加强学习', 1)).toBe('（一）加强学习');
    expect(stripNumber('1.5亿元项目落地', 3)).toBe('1.5亿元项目落地');
    expect(stripNumber('2025年工作回顾', 3)).toBe('2025年工作回顾');
    expect(stripNumber('一是加强学习', 1)).toBe('一是加强学习');
    // A bare number stays: a title is never emptied.
    expect(stripNumber('一、', 1)).toBe('一、');
  });
});
