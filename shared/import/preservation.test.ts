import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../test/helpers/scale.ts';
import { blockText, isStructuralTitle, type ParsedReport, parseImport } from './index.ts';

/** Everything the report holds, in reading order, without whitespace. */
function reportChars(parsed: ParsedReport): string {
  const parts = [parsed.title];
  for (const s of parsed.sections) {
    if (!isStructuralTitle(s.title)) parts.push(s.title);
    parts.push(...s.blocks.map(blockText));
  }
  return parts.join('').replace(/\s+/g, '');
}

/** The input without the dropped lines, without whitespace. */
function keptChars(text: string, parsed: ParsedReport): string {
  const dropped = new Set(parsed.dropped.filter((d) => d.text).map((d) => d.line));
  return text
    .split(/\r\n?|\n/)
    .filter((_, i) => !dropped.has(i + 1))
    .join('')
    .replace(/\s+/g, '');
}

describe('content preservation', () => {
  it.each(['shuzhi.txt', 'annual-summary.txt', 'survey.txt'])(
    '%s: every non-junk character is in the report, in order',
    (name) => {
      const text = fs.readFileSync(
        path.join(import.meta.dirname, '../../test/fixtures/import', name),
        'utf8',
      );
      const parsed = parseImport(text);
      expect(reportChars(parsed)).toBe(keptChars(text, parsed));
    },
  );

  const content = [
    '2025年工作总结',
    '一、主要成效',
    '二、存在问题',
    '（一）坚持学习，提高本领',
    '（三）服务群众',
    '1.坚持政治引领。今年以来，组织学习X次。',
    '2.助餐服务网点',
    '（1）中央厨房模式。由企业统一配送。',
    '一是抓学习。二是抓落实。三是抓作风。',
    '全年完成党报党刊订阅X份。',
    '建立微信工作群X个，及时发布信息。',
    '发展工会会员X名，收集整理意见建议X条。',
    '项目资金【待补充：具体金额】万元。',
    '总之，我们将继续努力。',
    '特此报告。',
    'X县农业农村局',
    '2025年12月30日',
    '1.5亿元资金全部到位。',
    '各位领导、同志们：',
  ];
  const junk = [
    '仅供学习 禁止外传',
    '会员群：',
    '【会员资料仅供内部交流使用】',
    '本文由某某文库整理，咨询QQ1234567',
    '————',
  ];
  const line = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...content) },
    { weight: 2, arbitrary: fc.constantFrom(...junk) },
    { weight: 2, arbitrary: fc.constantFrom('', '', '　　') },
  );

  it('holds for random mixes of content, junk and blank lines; junk is always dropped', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.join(eol);
        const parsed = parseImport(text);
        expect(reportChars(parsed)).toBe(keptChars(text, parsed));
        const droppedText = parsed.dropped.filter((d) => d.text).map((d) => d.text);
        expect(droppedText).toEqual(lines.filter((l) => junk.includes(l)));
        for (const d of parsed.dropped) if (d.text) expect(lines[d.line - 1]).toBe(d.text);
      }),
      propertyRuns(300, 10_000),
    );
  });
});
