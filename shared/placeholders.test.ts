import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countChars, countPlaceholders, findPlaceholders } from './placeholders.ts';

// [sentence, the placeholders it holds, in order]
const TABLE: [string, string[]][] = [
  // X family standing among CJK, digits, punctuation, edges
  ['组织开展民主协商活动X次', ['X']],
  ['X年X月，召开常委会议', ['X', 'X']],
  ['全年提案办复率达到X%', ['X']],
  ['X区政协主席述职报告', ['X']],
  ['捐赠各类口罩X万个、防护服XX套', ['X', 'XX']],
  ['XX同志任职以来，认真履职', ['XX']],
  ['XXX同志', ['XXX']],
  ['政协主席20XX年度述职述廉述学报告', ['XX']],
  ['20××年××月××日', ['××', '××', '××']],
  ['Ｘ年Ｘ月，赴ＸＸ县调研', ['Ｘ', 'Ｘ', 'ＸＸ']],
  ['×年×月×日', ['×', '×', '×']],
  ['共走访企业x家', ['x']],
  ['20xx年工作计划', ['xx']],
  ['第X届委员会第X次会议', ['X', 'X']],
  ['人均增收达到X.X%', ['X.X']],
  ['开展“X进X”活动', ['X', 'X']],
  ['同比减少X-X个百分点', ['X', 'X']],
  ['参加会议（X）次', ['X']],
  ['共 X 人参加培训', ['X']],
  ['X', ['X']],
  ['述职人：XX\n日期：X年X月', ['XX', 'X', 'X']],
  ['使用Excel X次，统计报表', ['X']],
  ['王X同志', ['X']],
  // 某
  ['某某同志', ['某某']],
  ['帮扶困难群众张某某', ['某某']],
  ['某某某单位', ['某某某']],
  ['于某年某月某日召开座谈会', ['某', '某', '某']],
  ['某月某日下午', ['某', '某']],
  ['由X某某负责具体落实', ['X某某']],
  // bracketed notes and blanks
  ['全年接待来访群众【待补充】人次', ['【待补充】']],
  ['新增委员（待填）名', ['（待填）']],
  ['培训(待填)人次', ['(待填)']],
  ['办结率【待填】', ['【待填】']],
  ['投入资金【待补充：具体金额】万元', ['【待补充：具体金额】']],
  ['完成时间（待定）', ['（待定）']],
  ['姓名：＿＿＿＿', ['＿＿＿＿']],
  ['20___年___月', ['___', '___']],
  ['共计______元', ['______']],
  // negatives: Latin words and identifiers
  ['提案材料统一采用XML格式报送', []],
  ['会见Xi先生一行', []],
  ['用Excel统计数据', []],
  ['机关电脑升级到Windows X', []],
  ['采购iPhone X', []],
  ['与SpaceX公司座谈', []],
  ['统一订制XXL号服装', []],
  ['配备X-ray安检设备', []],
  ['取max值', []],
  ['部署Linux系统', []],
  ['B×C两个方案', []],
  // negatives: multiplication and measurements
  ['大屏分辨率为1920×1080', []],
  ['采用3x3矩阵布局', []],
  ['展板面积为3 × 4米', []],
  ['办事效率提升3x', []],
  // negatives: real terms and words
  ['购置X光机2台', []],
  ['开展X射线防护检查', []],
  ['推行“1+X”证书制度', []],
  ['某些问题仍然存在', []],
  ['在某种程度上', []],
  ['某日下午，突降暴雨', []],
  ['协调解决群众张某反映的问题', []],
  ['二〇二〇年', []],
  ['坚持——以人民为中心', []],
  ['完成情况（待续）', []],
  ['变量__init__', []],
  ['路径a__b', []],
];

describe('findPlaceholders', () => {
  it.each(TABLE)('%s', (text, expected) => {
    expect(findPlaceholders(text).map((m) => m.text)).toEqual(expected);
    expect(countPlaceholders(text)).toBe(expected.length);
  });

  it('has a table of at least 40 rows, both kinds', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
    expect(TABLE.filter(([, e]) => e.length === 0).length).toBeGreaterThanOrEqual(15);
  });

  it('reports UTF-16 offsets and lengths', () => {
    expect(findPlaceholders('20XX年X月')).toEqual([
      { index: 2, length: 2, text: 'XX' },
      { index: 5, length: 1, text: 'X' },
    ]);
    expect(findPlaceholders('𠮷X次')).toEqual([{ index: 2, length: 1, text: 'X' }]);
  });

  it('finds nothing in empty or plain text', () => {
    expect(findPlaceholders('')).toEqual([]);
    expect(countPlaceholders('一、履职总体情况。二是加强学习。')).toBe(0);
  });

  it('returns ordered, non-overlapping matches that slice back to their text', () => {
    const alphabet = fc.constantFrom(...'X×某x_＿【待补充】（填）年月日1+ 3政协AEl\n'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const found = findPlaceholders(text);
        let end = 0;
        for (const m of found) {
          expect(m.index).toBeGreaterThanOrEqual(end);
          expect(text.slice(m.index, m.index + m.length)).toBe(m.text);
          end = m.index + m.length;
        }
        expect(countPlaceholders(text)).toBe(found.length);
      }),
    );
  });

  it('counts one X placed between Han characters', () => {
    const han = fc.array(fc.constantFrom(...'政协委员履职调研提案开展活动次万个区'.split('')), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(han, han, (a, b) => {
        expect(countPlaceholders(`${a.join('')}X${b.join('')}`)).toBe(1);
      }),
    );
  });
});

describe('countChars', () => {
  it.each([
    ['', 0],
    [' \n\t\u3000\u00a0', 0],
    ['一、履职总体情况', 8],
    ['全年共提交提案12件。', 11],
    ['Excel 2019 版', 10],
    ['第一段\n\n第二段', 6],
    ['𠮷野家', 3],
  ])('%j has %i characters', (text, n) => {
    expect(countChars(text)).toBe(n);
  });
});
