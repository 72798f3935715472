/** A sample 述职报告 for `npm run demo`: sections, who writes them, and what is written so far. */
export interface SampleSection {
  title: string;
  level: number;
  /** Index into the demo team (0 = leader), or null when unassigned. */
  writer: number | null;
  status: 'todo' | 'drafting' | 'submitted' | 'approved';
  paragraphs: string[];
}

export const sampleTitle = '市政协办公室2026年度工作总结';

export const sampleSections: SampleSection[] = [
  {
    title: '开篇',
    level: 1,
    writer: 0,
    status: 'approved',
    paragraphs: [
      '2026年，在市委的坚强领导下，市政协办公室坚持以习近平新时代中国特色社会主义思想为指导，围绕中心、服务大局，认真履行参谋助手、综合协调、督促检查和服务保障职能，较好地完成了全年各项工作任务。现将有关情况报告如下。',
    ],
  },
  {
    title: '一、坚持政治引领，筑牢思想根基',
    level: 1,
    writer: 1,
    status: 'drafting',
    paragraphs: [
      '一是深化理论学习。全年组织党组理论学习中心组学习X次，开展专题研讨X次，形成调研成果X篇。',
      '二是加强政治建设。严格落实“第一议题”制度，及时传达学习上级重要会议精神。',
      '三是强化意识形态工作。组织开展意识形态专题分析研判X次，',
    ],
  },
  {
    title: '二、聚焦中心大局，提升履职质效',
    level: 1,
    writer: 2,
    status: 'todo',
    paragraphs: [],
  },
  {
    title: '（一）协商议政',
    level: 2,
    writer: 2,
    status: 'todo',
    paragraphs: [],
  },
  {
    title: '（二）民主监督',
    level: 2,
    writer: 3,
    status: 'submitted',
    paragraphs: [
      '围绕优化营商环境开展专项民主监督，组织委员X人次深入X家企业走访调研，提出意见建议X条，均已转交有关部门办理。',
    ],
  },
  {
    title: '三、存在的不足和下一步打算',
    level: 1,
    writer: 0,
    status: 'drafting',
    paragraphs: [
      '一年来，我们的工作取得了一定成效，但也存在一些不足：调查研究的深度还不够，服务委员履职的方式还需创新。',
      '2027年，我们将【待补充】。',
    ],
  },
];

export const demoTeam = [
  { username: 'leader', displayName: '王主任', password: 'coreport-demo' },
  { username: 'liming', displayName: '李明', password: 'coreport-demo' },
  { username: 'zhanghua', displayName: '张华', password: 'coreport-demo' },
  { username: 'chenjing', displayName: '陈静', password: 'coreport-demo' },
  { username: 'zhaoqiang', displayName: '赵强', password: 'coreport-demo' },
];
