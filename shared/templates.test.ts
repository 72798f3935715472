/** The templates' content: numbered structure, X placeholders to fill, suggested owners. */
import { describe, expect, it } from 'vitest';
import { sectionNumbers, stripNumber } from './numbering.ts';
import { countPlaceholders } from './placeholders.ts';
import { TEMPLATES, templateById } from './templates.ts';

const numbers = (id: string) => sectionNumbers(templateById(id)!.sections);

describe('report templates', () => {
  it('offers the three usual reports, each id once', () => {
    expect(TEMPLATES.map((x) => x.name)).toEqual(['述职述廉述学报告', '年度工作总结', '调研报告']);
    expect(new Set(TEMPLATES.map((x) => x.id)).size).toBe(TEMPLATES.length);
    expect(templateById('nope')).toBeUndefined();
  });

  it('numbers the parts from their levels, with 开篇 and 落款 unnumbered', () => {
    expect(numbers('shuzhi')).toEqual([
      '',
      '一、',
      '（一）',
      '（二）',
      '二、',
      '（一）',
      '（二）',
      '三、',
      '四、',
      '五、',
      '',
    ]);
    expect(numbers('nianzhong')).toEqual(['', '一、', '（一）', '（二）', '（三）', '二、', '三、', '']);
    expect(numbers('diaoyan')).toEqual([
      '',
      '一、',
      '二、',
      '（一）',
      '（二）',
      '三、',
      '四、',
      '（一）',
      '（二）',
      '',
    ]);
  });

  it('types no numbers into titles (they would be doubled)', () => {
    for (const x of TEMPLATES)
      for (const s of x.sections) expect(stripNumber(s.title, s.level), `${x.id}: ${s.title}`).toBe(s.title);
  });

  it('leaves X to fill in every section with text, and in the title', () => {
    for (const x of TEMPLATES) {
      expect(countPlaceholders(x.title), x.id).toBeGreaterThan(0);
      for (const s of x.sections) {
        if (s.paragraphs.length === 0) continue;
        expect(countPlaceholders(s.paragraphs.join('\n')), `${x.id}: ${s.title}`).toBeGreaterThan(0);
      }
      // Only a part with sub-parts may start without text.
      const bare = x.sections.filter(
        (s, i) => s.paragraphs.length === 0 && x.sections[i + 1]?.level !== s.level + 1,
      );
      expect(bare, x.id).toEqual([]);
    }
  });

  it('suggests the author for a personal report and the team for shared ones', () => {
    expect(templateById('shuzhi')!.sections.every((s) => s.owner === 'me')).toBe(true);
    for (const id of ['nianzhong', 'diaoyan']) {
      const owners = new Set(templateById(id)!.sections.map((s) => s.owner));
      expect(owners, id).toEqual(new Set(['me', 'team']));
    }
  });
});
