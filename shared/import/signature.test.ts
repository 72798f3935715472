import { describe, expect, it } from 'vitest';
import { previewImport } from './index.ts';
import { isSalutation } from './salutation.ts';

const REPORT = [
  'X县统计局2023年上半年工作总结',
  '各位领导、同志们：',
  '上半年，我局紧紧围绕县委县政府中心工作，扎实开展各项统计工作。',
  '一、主要工作',
  '完成第五次全国经济普查清查工作，共清查单位X个。',
];
const last = (...end: string[]) => previewImport([...REPORT, ...end].join('\n')).sections.at(-1)!;

describe('signature block (落款) at the end of an import', () => {
  it.each([
    ['organisation and 2023年7月X日', ['X县统计局', '2023年7月X日']],
    ['organisation and 二〇二三年七月', ['X县统计局', '二〇二三年七月']],
    ['organisation, name and a full date', ['X县统计局', '张某某', '2023年7月12日']],
    ['a labelled signer', ['汇报人：张某某', '2023年7月12日']],
    ['a date written 2023.7.12', ['X县统计局', '2023.7.12']],
    ['a date written 2023-07-12', ['X县统计局', '2023-07-12']],
    ['a labelled date', ['X县统计局', '日期：2023年7月12日']],
    ['a bracketed date', ['X县统计局', '（2023年7月）']],
  ])('%s → 落款', (_name, end) => {
    const s = last(...end);
    expect(s.title).toBe('落款');
    expect(s.paragraphs).toEqual(end);
  });

  it.each([
    ['a sentence that opens with a date', ['2023年7月，我局召开了统计工作推进会。']],
    ['a date inside body text', ['本次普查于2023年7月12日全面启动。']],
    ['a date that is not last', ['2023年7月12日', '下半年将继续推进普查工作。']],
    ['a version number, not a date', ['X县统计局', '2023.7']],
  ])('not on %s', (_name, end) => {
    const s = last(...end);
    expect(s.title).not.toBe('落款');
    expect(s.paragraphs.slice(-end.length)).toEqual(end);
  });

  it('takes only the date when the line above it is a sentence', () => {
    const s = last('全局干部职工齐心协力，圆满完成了上半年各项统计调查任务。', '2023年7月');
    expect(s.title).toBe('落款');
    expect(s.paragraphs).toEqual(['2023年7月']);
  });
});

describe('salutation', () => {
  it.each(['各位领导、同志们：', '尊敬的各位委员：', '同志们：', '各位代表:', '亲爱的老师们、同学们：'])(
    '%s is one',
    (line) => expect(isSalutation(line)).toBe(true),
  );
  it.each([
    '主要问题：',
    '现将有关情况报告如下：',
    '各位领导、同志们：今年以来，我们认真履职。',
    '一是加强学习。',
    '下一步打算：',
  ])('%s is not', (line) => expect(isSalutation(line)).toBe(false));
});
