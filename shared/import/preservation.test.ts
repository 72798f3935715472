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

/** The input without the dropped lines, without whitespace; the title line first (the report's title leads). */
function keptChars(text: string, parsed: ParsedReport): string {
  const dropped = new Set(parsed.dropped.filter((d) => d.text).map((d) => d.line));
  const lines = text.split(/\r\n?|\n/).filter((_, i) => !dropped.has(i + 1));
  const at = lines.findIndex((l) => l.trim() === parsed.title && parsed.title !== '');
  if (at >= 0) lines.unshift(...lines.splice(at, 1));
  return lines.join('').replace(/\s+/g, '');
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

  // Random reports in the shape real pastes have: a site's front matter, maybe a document header,
  // the title, an opening, numbered parts with paragraphs (some with junk lines between), a closing
  // and a signature, then the site's footer. Content is random text, so no rule can know it.
  const HAN =
    '工作推进全面加强落实发展建设服务群众党员干部改革创新质量安全经济项目资金基层组织学习提升开展完成';
  const chars = (min: number, max: number) =>
    fc
      .array(fc.constantFrom(...HAN, 'X', '2', '0', '，'), { minLength: min, maxLength: max })
      .map((a) => a.join(''));
  const paragraph = chars(18, 90).map((t) => `　　${t}。`);
  const shortLine = chars(4, 14).filter((t) => !t.includes('，'));
  const front = [
    '第一范文网',
    '首页 > 工作总结 > 年度总结',
    '发布时间：2025-01-03　浏览：2310',
    '点击上方蓝字关注我们',
    '写材料的老李',
    '2025年度工作总结范文（精选8篇）',
    '今天给大家分享一篇总结，供参考借鉴。',
    '本文共3200字，阅读约需8分钟',
  ];
  const header = ['X县人民政府办公室文件', 'X政办发〔2025〕3号', '秘密★1年'];
  const titles = [
    'X县农业农村局2025年度工作总结',
    '关于X街道养老服务情况的调研报告',
    '2025年上半年工作总结',
    '在全县经济工作会议上的讲话',
  ];
  const inner = [
    '第 2 页 共 5 页',
    '【更多精品范文请关注公众号：笔杆子文库】',
    '仅供学习 禁止外传',
    '- 3 -',
    '加微信：wenmi_2025 领取全套模板',
  ];
  const back = [
    '—END—',
    '往期推荐',
    '2025年述职报告范文',
    '点赞、在看、转发三连',
    '本文来源于网络，如有侵权请联系删除',
  ];
  const numerals = '一二三四五六七八九';
  const part = (n: number) =>
    fc
      .tuple(
        shortLine,
        fc.array(
          fc.oneof(
            { weight: 4, arbitrary: paragraph },
            { weight: 1, arbitrary: shortLine },
            { weight: 1, arbitrary: fc.constantFrom(...inner) },
          ),
          { minLength: 1, maxLength: 4 },
        ),
      )
      .map(([h, body]) => [`${numerals[n]}、${h}`, ...body]);
  const report = fc.record({
    front: fc.subarray(front),
    header: fc.subarray(header),
    title: fc.constantFrom(...titles),
    opening: fc.array(paragraph, { maxLength: 2 }),
    parts: fc
      .integer({ min: 1, max: 5 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => part(i)))),
    closing: fc.option(fc.constantFrom('特此报告。', '谢谢大家！', '以上报告，请审议。'), { nil: undefined }),
    signature: fc.boolean(),
    back: fc.subarray(back),
    blank: fc.constantFrom('', '\n', '\n\n'),
    eol: fc.constantFrom('\n', '\r\n'),
  });

  it('holds for random reports in real shapes: only junk lines are dropped, never a content character', () => {
    fc.assert(
      fc.property(report, (r) => {
        const content = [
          ...r.header,
          r.title,
          ...r.opening,
          ...r.parts.flat(),
          ...(r.closing ? [r.closing] : []),
          ...(r.signature ? ['X县农业农村局', '2025年12月X日'] : []),
        ];
        const lines = [...r.front, ...content, ...r.back];
        const text = lines.join(`${r.blank}${r.eol}`);
        const parsed = parseImport(text);
        expect(parsed.title).toBe(r.title);
        expect(reportChars(parsed)).toBe(keptChars(text, parsed));
        const source = text.split(/\r\n?|\n/);
        const junk = new Set([...front, ...inner, ...back]);
        for (const d of parsed.dropped) {
          if (!d.text) continue;
          expect(source[d.line - 1]!.trim()).toBe(d.text);
          expect(junk.has(d.text), d.text).toBe(true);
        }
        // The front matter, whatever it says, and every phrase-rule line go.
        const dropped = parsed.dropped.map((d) => d.text);
        for (const line of [...r.front, ...r.parts.flat().filter((l) => inner.includes(l))])
          expect(dropped).toContain(line);
      }),
      propertyRuns(300, 10_000),
    );
  });
});
