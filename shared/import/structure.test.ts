import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockText, buildStructure, paragraph, parseImport, previewImport } from './index.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, '../../test/fixtures/import', name), 'utf8');
const outline = (text: string, format: 'text' | 'markdown' = 'text') =>
  previewImport(text, format).sections.map(
    (s) => `${s.level} ${s.title} ${s.paragraphs.length}p ${s.placeholders}x`,
  );

describe('fixtures: outline, titles, levels, dropped lines, placeholders', () => {
  it('述职报告: opening, four parts with 一是… paragraphs, closing and signature', () => {
    const p = previewImport(fixture('shuzhi.txt'));
    expect(p.title).toBe('区政协主席2025年度述职述廉述学报告');
    expect(outline(fixture('shuzhi.txt'))).toEqual([
      '1 开篇 2p 0x',
      '1 一、加强学习，提高政治站位 2p 4x',
      '1 二、聚焦中心，积极建言献策 3p 8x',
      '1 三、严于律己，落实廉政责任 1p 0x',
      '1 四、存在的不足和下一步打算 2p 0x',
      '1 结语 2p 0x',
      '1 落款 2p 2x',
    ]);
    expect(p.sections[1]!.paragraphs[0]).toMatch(
      /^一是坚持集体学习。.*二是坚持个人自学。.*三是坚持学用结合。/,
    );
    expect(p.dropped).toEqual([]);
    expect(p.placeholders).toBe(14);
  });

  it('年度工作总结: junk banners dropped with their rules, run-in 1. headings split, content lookalikes kept', () => {
    const p = previewImport(fixture('annual-summary.txt'));
    expect(p.title).toBe('X县农业农村局2025年度工作总结');
    expect(outline(fixture('annual-summary.txt'))).toEqual([
      '1 开篇 1p 2x',
      '1 一、主要工作成效 0p 0x',
      '3 1.粮食生产稳中有增。 1p 3x',
      '3 2.特色产业提质增效。 1p 2x',
      '3 3.农村改革持续深化。 1p 2x',
      '3 4.党建工作扎实开展。 1p 4x',
      '1 二、存在的主要问题 1p 0x',
      '1 三、2026年工作打算 1p 4x',
      '1 结语 1p 0x',
      '1 落款 2p 4x',
    ]);
    expect(p.dropped.map((d) => [d.line, d.rule, d.text])).toEqual([
      [1, 'study-only', '仅供学习 禁止外传'],
      [2, 'member', '会员群：'],
      [3, 'bracketed-notice', '【会员资料仅供内部交流使用，严禁外传】'],
      [4, 'contact', '本文由笔杆子文库整理，咨询QQ123456789'],
      [6, 'blank-lines', ''],
      [10, 'separator', '————————————'],
      [15, 'bracketed-notice', '【更多精品范文请关注公众号：笔杆子文库】'],
      [19, 'contact', '加微信：wenmi_2025 领取全套模板'],
    ]);
    expect(p.dropped[4]!.count).toBe(3);
    const text = p.sections.flatMap((s) => s.paragraphs).join('\n');
    for (const kept of [
      '建立微信工作群X个',
      '党报党刊订阅X份',
      '发展工会会员X名',
      '收集整理群众意见建议X条',
    ]) {
      expect(text).toContain(kept);
    }
    // `【待补充：具体金额】` is a placeholder, not a notice.
    expect(p.sections[7]!.paragraphs[0]).toContain('【待补充：具体金额】');
    expect(p.placeholders).toBe(21);
  });

  it('调研报告: （一）, 1. and （1） become levels 2, 3 and 4', () => {
    expect(outline(fixture('survey.txt'))).toEqual([
      '1 开篇 1p 6x',
      '1 一、基本情况 0p 0x',
      '2 （一）老年人口情况 1p 3x',
      '2 （二）服务设施建设情况 0p 0x',
      '3 1.社区养老服务中心。 1p 2x',
      '3 2.助餐服务网点 1p 2x',
      '4 （1）中央厨房模式。 1p 0x',
      '4 （2）社区食堂模式。 1p 0x',
      '1 二、存在的问题 0p 0x',
      '2 （一）服务供给与需求不够匹配 1p 0x',
      '2 （二）专业人才短缺 1p 2x',
      '1 三、对策建议 0p 0x',
      '2 （一）优化设施布局 1p 0x',
      '2 （二）加强人才队伍建设 1p 0x',
      '1 落款 2p 0x',
    ]);
  });

  it('Markdown: # title, ## → level 1, ### → level 2, lists and marks', () => {
    const parsed = parseImport(fixture('plan.md'), 'markdown');
    expect(parsed.title).toBe('街道办事处2026年工作要点');
    expect(outline(fixture('plan.md'), 'markdown')).toEqual([
      '1 开篇 1p 0x',
      '1 一、抓党建，强基础 0p 0x',
      '2 （一）加强基层组织建设 2p 1x',
      '2 （二）深化作风建设 1p 0x',
      '1 二、抓民生，办实事 1p 4x',
      '1 三、抓安全，守底线 1p 1x',
    ]);
    expect(parsed.sections[0]!.blocks[0]).toEqual({
      type: 'paragraph',
      runs: [
        { text: '2026年是“十五五”规划的开局之年。街道将坚持' },
        { text: '稳中求进', bold: true },
        { text: '工作总基调，重点抓好以下工作。' },
      ],
    });
    expect(parsed.sections[2]!.blocks[1]).toEqual({
      type: 'list',
      ordered: false,
      items: [[{ text: '建立党员联系群众制度' }], [{ text: '开展“红色物业”创建' }]],
    });
    expect(parsed.sections[3]!.blocks[0]).toMatchObject({ type: 'list', ordered: true });
  });
});

describe('structure rules', () => {
  it.each([
    [
      '一是/二是 paragraphs stay paragraphs',
      '标题\n一、工作\n一是抓学习。二是抓落实。\n一是',
      ['1 一、工作 2p 0x'],
    ],
    ['a decimal is not a marker', '标题\n一、成效\n1.5亿元资金全部到位。', ['1 一、成效 1p 0x']],
    ['1、 and (1) half-width', '标题\n1、甲项工作\n(1)乙项', ['3 1、甲项工作 0p 0x', '4 (1)乙项 0p 0x']],
    ['no numbered part: 正文', '标题\n第一段。\n第二段。', ['1 正文 2p 0x']],
    [
      'a long numbered paragraph with no short first sentence stays a paragraph',
      `标题\n一、总体\n1.${'全年共组织开展各类宣传教育和志愿服务活动，'.repeat(3)}成效明显。`,
      ['1 一、总体 1p 0x'],
    ],
    ['a heading ending with ：', '标题\n四、下一步打算：\n继续努力。', ['1 四、下一步打算： 1p 0x']],
    [
      'a signature without a date stays in the last part',
      '标题\n一、工作\n内容。\n张三',
      ['1 一、工作 2p 0x'],
    ],
    [
      '20XX年X月X日 signs off',
      '标题\n一、工作\n内容。\nX单位\n20XX年X月X日',
      ['1 一、工作 1p 0x', '1 落款 2p 4x'],
    ],
    [
      'Chinese-numeral dates sign off',
      '标题\n一、工作\n内容。\n某单位\n二〇二五年十二月',
      ['1 一、工作 1p 0x', '1 落款 2p 0x'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(outline(text)).toEqual(expected);
  });

  it('takes the first line as title only when it reads like one', () => {
    expect(parseImport('一、工作\n内容').title).toBe('');
    expect(parseImport('各位领导：\n内容').title).toBe('');
    expect(parseImport('　　关于X的报告  \n内容').title).toBe('关于X的报告');
    expect(parseImport('# 一、工作\n内容', 'markdown').title).toBe('');
  });

  it('a numbered Markdown heading takes its level from the marker, an unnumbered one from its depth', () => {
    expect(outline('# 总结\n## （一）甲\n## 乙\n### 丙', 'markdown')).toEqual([
      '2 （一）甲 0p 0x',
      '1 乙 0p 0x',
      '2 丙 0p 0x',
    ]);
  });

  it('keeps marks across a run-in heading split', () => {
    const parsed = parseImport('# 标题\n**1.坚持政治引领。**今年以来*成效*明显。', 'markdown');
    expect(parsed.sections[0]).toMatchObject({
      title: '1.坚持政治引领。',
      level: 3,
      blocks: [
        {
          type: 'paragraph',
          runs: [{ text: '今年以来' }, { text: '成效', italic: true }, { text: '明显。' }],
        },
      ],
    });
  });

  it('undoes Markdown escapes and leaves underscores (placeholder blanks) alone', () => {
    const parsed = parseImport('标题\n金额\\*\\*为____元，*注*', 'markdown');
    expect(previewImport('标题\n金额\\*\\*为____元，*注*', 'markdown').sections[0]!.paragraphs).toEqual([
      '金额**为____元，注',
    ]);
    expect(parsed.sections[0]!.blocks[0]).toMatchObject({
      runs: [{ text: '金额**为____元，' }, { text: '注', italic: true }],
    });
  });

  it('reports only inner runs of two or more blank lines', () => {
    const p = parseImport('\n\n标题\n\n一、甲\n\n\n\n内容\n\n');
    expect(p.dropped).toEqual([{ line: 6, text: '', rule: 'blank-lines', count: 3 }]);
  });
});

describe('signature block', () => {
  it('takes a labelled signer line (述职人：…) into 落款 and leaves 总之… as 结语', () => {
    const text = [
      '区政协副主席2025年度述职报告',
      '一、主要工作',
      '一是认真履职，全年参加协商活动X次。',
      '总之，一年来取得了一定成绩，但距离组织要求还有差距。',
      '述职人：李明',
      '2025年12月30日',
    ].join('\n');
    expect(outline(text)).toEqual(['1 一、主要工作 1p 1x', '1 结语 1p 0x', '1 落款 2p 0x']);
  });

  it('does not read a colon sentence as a signer', () => {
    const text = ['报告', '一、工作', '正文内容。', '主要问题：调研不深', '2025年12月30日'].join('\n');
    const sections = previewImport(text).sections;
    expect(sections.at(-1)!.paragraphs).toEqual(['2025年12月30日']);
  });
});

describe('structure first: title, front and back matter, watermarks', () => {
  // Back matter is at most 30 % of the text: the bodies here are of a real report's size.
  const BODY = '全年共组织开展各类宣传教育和志愿服务活动X次，参与群众X人次，取得了良好的社会效果。'.repeat(3);
  const dropped = (text: string, format: 'text' | 'markdown' = 'text') =>
    parseImport(text, format).dropped.map((d) => `${d.line} ${d.rule}`);

  it('finds the title right before the body, whatever sits above it', () => {
    const text = [
      '范文网',
      '2025年述职报告范文（精选5篇）',
      'X局局长2025年度述职述廉述学报告',
      '各位领导：',
      '一、工作',
      '内容。',
    ].join('\n');
    expect(parseImport(text).title).toBe('X局局长2025年度述职述廉述学报告');
    expect(dropped(text)).toEqual(['1 front-matter', '2 front-matter']);
  });

  it('a promo paragraph above the real title does not end the search', () => {
    const text = [
      '写材料的老王',
      '今天给大家分享一篇心得体会，供大家写作时参考借鉴。',
      '学习党的二十大精神心得体会',
      '通过学习，我深受鼓舞，倍感振奋，决心在工作中践行。',
    ].join('\n');
    expect(parseImport(text).title).toBe('学习党的二十大精神心得体会');
  });

  it('keeps a document header (发文机关, 文号, 密级) above the title, in 开篇', () => {
    const text = [
      'X县人民政府办公室文件',
      'X政办发〔2025〕3号',
      '秘密★1年',
      '关于印发X实施方案的通知',
      '各乡镇：',
      '一、目标',
      '内容。',
    ].join('\n');
    const p = parseImport(text);
    expect(p.title).toBe('关于印发X实施方案的通知');
    expect(p.dropped).toEqual([]);
    expect(p.sections[0]!.blocks.map(blockText).slice(0, 3)).toEqual([
      'X县人民政府办公室文件',
      'X政办发〔2025〕3号',
      '秘密★1年',
    ]);
  });

  it('a main title over its ——subtitle is the title', () => {
    const text = [
      '讲话稿',
      '坚定信心 真抓实干',
      '——在全市教育工作会议上的讲话',
      '同志们：',
      '一、回顾',
      '内容。',
    ].join('\n');
    expect(parseImport(text).title).toBe('坚定信心 真抓实干');
  });

  it('Word Title style is the title whatever is above it', () => {
    const sources = ['关于X的报告', '真正的标题', '正文内容。'].map((text, i) => ({
      line: i + 1,
      block: paragraph(text),
      ...(i === 1 ? { styledTitle: true } : {}),
    }));
    const p = buildStructure(sources);
    expect(p.title).toBe('真正的标题');
    expect(p.dropped.map((d) => d.rule)).toEqual(['front-matter']);
  });

  it('drops back matter after the signature, keeps 附件 and 抄送 there', () => {
    const text = [
      'X县2025年工作方案',
      '一、目标',
      '内容。',
      'X县人民政府',
      '2025年3月X日',
      '抄送：市政府办公室',
      '更多方案请关注本站',
      '附件',
      'X县工作分工表',
      '县应急管理局：负责综合协调。',
    ].join('\n');
    expect(dropped(text)).toEqual(['7 back-matter']);
  });

  it('everything from a footer marker (END, 往期推荐) on goes, Markdown lists too', () => {
    const md = [
      '# X县调研报告',
      '## 一、情况',
      BODY,
      '—END—',
      '往期推荐',
      '1. 2024年调研报告范文',
      '2. 作风建设调研报告',
    ].join('\n');
    expect(dropped(md, 'markdown')).toEqual(['4 footer-marker', '5 footer-marker', '6 back-matter']);
  });

  it('a closing line ends the report: forum replies after it go, a signer under it stays', () => {
    const text = [
      '心得体会',
      '一、体会',
      BODY,
      '谢谢大家！',
      '张某某',
      '沙发 发表于 2025-3-7 08:03',
      '写得很好，学习了',
    ].join('\n');
    expect(dropped(text)).toEqual(['6 back-matter', '7 back-matter']);
  });

  it('no back matter when what follows the "end" reads as content', () => {
    const long =
      '全年共组织开展各类宣传教育和志愿服务活动X次，参与群众X人次，取得了良好的社会效果，得到了上级的充分肯定。';
    const text = ['工作总结', '一、工作', '内容。', '2025年12月X日', long, long].join('\n');
    expect(dropped(text)).toEqual([]);
  });

  it('a line repeated at the top and the bottom is a watermark; an organ name there is not', () => {
    const text = [
      '豆丁文库 docin.example.com',
      'X县农业农村局',
      '2025年工作总结',
      '一、工作',
      '内容。',
      'X县农业农村局',
      '2025年12月X日',
      '豆丁文库 docin.example.com',
    ].join('\n');
    expect(dropped(text)).toEqual(['1 site-link', '8 site-link']);
    const plain = [
      '公文参考 第7期',
      '2025年工作总结',
      '一、工作',
      '内容。',
      '二、打算',
      '内容。',
      '公文参考 第7期',
    ].join('\n');
    expect(dropped(plain)).toEqual(['1 watermark', '7 watermark']);
  });

  it('keep restores chosen lines: above the title they join 开篇', () => {
    const text = ['范文网', '首页 > 总结', '2025年工作总结', '一、工作', '内容。'].join('\n');
    const p = parseImport(text, 'text', { keep: [2] });
    expect(p.title).toBe('2025年工作总结');
    expect(p.dropped.map((d) => d.line)).toEqual([1]);
    expect(p.sections[0]).toMatchObject({ kind: 'opening', blocks: [paragraph('首页 > 总结')] });
  });

  it('full-width numbering gives levels 3 and 4; numbered lines under 附件： stay a list', () => {
    expect(outline('标题\n一、甲\n１．乙项工作\n（１）丙项\n附件：1.分工表\n2.清单')).toEqual([
      '1 一、甲 0p 0x',
      '3 １．乙项工作 0p 0x',
      '4 （１）丙项 2p 0x',
    ]);
  });

  it('never makes the report itself front matter: many headings or many short lines above the body', () => {
    const md = Array.from({ length: 30 }, (_, i) => `# 第${i + 1}部分\n完成X项工作。`).join('\n');
    expect(parseImport(md, 'markdown')).toMatchObject({ title: '第1部分', dropped: [] });
    const names = Array.from({ length: 20 }, (_, i) => `X科室干部${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${i}`);
    const list = ['参会人员名单', ...names, '一、会议议程', '内容。'].join('\n');
    expect(parseImport(list).dropped).toEqual([]);
  });
});
