/**
 * Report templates: the usual shapes of an office's reports, with their sections (levels give the
 * numbers: shared/numbering.ts), starting text where X marks what to fill (shared/placeholders.ts)
 * and who is suggested to write each part: `me` (whoever creates the report) or `team` (left to
 * 分工). Used by the server (POST /api/reports with `template`) and by the client (preview).
 */

/** Who a template suggests for a section. */
export type TemplateOwner = 'me' | 'team';

export interface TemplateSection {
  /** Without a number: numbers are computed; 开篇/结语/落款 get none. */
  title: string;
  level: 1 | 2 | 3 | 4;
  /** Starting paragraphs, X for what to fill in. */
  paragraphs: string[];
  owner: TemplateOwner;
}

export interface ReportTemplate {
  id: string;
  name: string;
  /** The suggested report title (X for the year or the subject). */
  title: string;
  description: string;
  sections: TemplateSection[];
}

const me = (title: string, level: 1 | 2 | 3 | 4, ...paragraphs: string[]): TemplateSection => ({
  title,
  level,
  paragraphs,
  owner: 'me',
});
const team = (title: string, level: 1 | 2 | 3 | 4, ...paragraphs: string[]): TemplateSection => ({
  title,
  level,
  paragraphs,
  owner: 'team',
});

export const TEMPLATES: readonly ReportTemplate[] = [
  {
    id: 'shuzhi',
    name: '述职述廉述学报告',
    title: 'XXXX年度述职述廉述学报告',
    description: '个人年度述职：履职、学习、廉洁自律、不足与打算，由本人撰写。',
    sections: [
      me(
        '开篇',
        1,
        'XXXX年，在XX党组的坚强领导下，本人认真履行岗位职责，现将一年来的履职、学习和廉洁自律情况报告如下。',
      ),
      me('坚持学习，政治素质不断提升', 1),
      me('加强理论学习', 2, '全年参加中心组学习X次，撰写心得体会X篇，围绕XX主题作专题发言X次。'),
      me('注重学用结合', 2, '结合分管工作开展专题调研X次，形成调研报告X篇，推动解决XX问题X个。'),
      me('履职尽责，各项工作扎实推进', 1),
      me('抓好分管工作', 2, '牵头推进XX重点任务X项，完成率X%，其中XX工作获得XX表彰。'),
      me('服务发展大局', 2, '围绕XX中心工作，协调解决XX问题X个，为群众办实事X件。'),
      me(
        '严守纪律，廉洁自律从严要求',
        1,
        '严格执行中央八项规定精神，全年未发生违规违纪问题。落实“一岗双责”，与分管科室负责人谈心谈话X次。',
      ),
      me('存在的不足', 1, '一是理论学习的深度还不够，XX。二是工作创新不足，XX。三是XX。'),
      me('下一步打算', 1, '一是持续加强学习，XX。二是抓好XX工作落实，力争XX。三是严守廉洁底线，XX。'),
      me('落款', 1, '述职人：XXX', 'XXXX年X月X日'),
    ],
  },
  {
    id: 'nianzhong',
    name: '年度工作总结',
    title: 'XX单位XXXX年度工作总结',
    description: '单位年度总结：各条线的主要工作分给各科室撰写，开篇和打算由负责人把关。',
    sections: [
      me(
        '开篇',
        1,
        'XXXX年，XX单位在XX的正确领导下，紧紧围绕年度目标任务，各项工作取得了新成效。现将全年工作总结如下。',
      ),
      team('主要工作及成效', 1),
      team('聚焦中心任务，重点工作稳步推进', 2, '全年完成重点任务X项，主要指标完成率X%，同比增长X%。'),
      team(
        '强化服务保障，群众满意度持续提升',
        2,
        '办理群众来信来访X件，办结率X%；开展XX服务活动X次，惠及群众X人次。',
      ),
      team('加强自身建设，干部队伍素质明显提高', 2, '组织业务培训X期，参训X人次；新制定完善制度X项。'),
      team('存在的问题', 1, '一是XX方面仍有差距，XX。二是XX机制还不健全，XX。'),
      me('XXXX年工作打算', 1, '一是围绕XX，重点抓好XX。二是着力推进XX，确保XX。三是持续加强XX。'),
      me('落款', 1, 'XX单位', 'XXXX年X月X日'),
    ],
  },
  {
    id: 'diaoyan',
    name: '调研报告',
    title: '关于XX情况的调研报告',
    description: '专题调研：基本情况、主要做法、问题与原因、对策建议，分工完成后统稿。',
    sections: [
      me(
        '开篇',
        1,
        '为深入了解XX情况，XXXX年X月至X月，调研组采取实地走访、座谈交流、问卷调查等方式，先后走访XX个单位，召开座谈会X场，发放问卷X份。现将调研情况报告如下。',
      ),
      team('基本情况', 1, '全市（县、区）共有XX单位X个，从业人员X人，XXXX年实现XX收入X万元。'),
      team('主要做法和成效', 1),
      team('强化组织领导', 2, '成立XX工作领导小组，出台XX文件X件。'),
      team('创新工作方式', 2, '推行XX模式，覆盖X个乡镇（街道），XX效率提高X%。'),
      team('存在的问题及原因', 1, '一是XX。二是XX。究其原因，主要是XX。'),
      me('对策建议', 1),
      me('完善政策体系', 2, '建议出台XX办法，明确XX。'),
      me('加大保障力度', 2, '建议每年安排专项资金X万元，用于XX。'),
      me('落款', 1, 'XX调研组', 'XXXX年X月X日'),
    ],
  },
];

/** The template with this id, or undefined. */
export const templateById = (id: string): ReportTemplate | undefined => TEMPLATES.find((x) => x.id === id);

export const TEMPLATE_IDS = TEMPLATES.map((x) => x.id) as [string, ...string[]];
