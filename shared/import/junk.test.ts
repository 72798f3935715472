import { describe, expect, it } from 'vitest';
import { junkRule } from './junk.ts';

describe('junk rules', () => {
  it.each([
    ['仅供学习 禁止外传', 'study-only'],
    ['本资料仅供参考，请勿转载', 'study-only'],
    ['会员群：', 'member'],
    ['开通VIP会员免费下载全部范文', 'member'],
    ['【会员资料仅供内部交流使用，严禁外传】', 'bracketed-notice'],
    ['[本文档来自网络，仅供下载学习]', 'bracketed-notice'],
    ['…整理，咨询QQ123456', 'contact'],
    ['QQ群：87654321', 'contact'],
    ['加微信：wenmi_2025 领取全套模板', 'contact'],
    ['欢迎订阅本号，每日更新', 'subscription'],
    ['扫码关注，获取更多精彩', 'advert'],
    ['更多范文尽在笔杆子文库', 'advert'],
    ['本文由笔杆子文库整理', 'credit'],
    ['整理：李明', 'credit'],
    ['来源：网络', 'credit'],
    ['————————————', 'separator'],
    ['※※※※', 'separator'],
    ['点击上方蓝字关注我们', 'engagement'],
    ['分享 收藏 点赞 在看', 'engagement'],
    ['觉得有用就点个赞再走', 'engagement'],
    ['本站资料严禁倒卖，发现必究', 'anti-resale'],
    ['在淘宝店铺购买的请申请退款', 'anti-resale'],
    ['图文来源于网络，如有侵权请联系删除', 'disclaimer'],
    ['发布时间：2025-03-01　阅读：1234', 'page-meta'],
    ['评论(3) | 阅读(256)', 'page-meta'],
    ['本文档为PDF转换版本，如有格式错乱请见谅', 'document-notice'],
    ['更多范文请访问 www.example.com', 'advert'],
    ['原文链接：https://mp.example.com/s/abc', 'site-link'],
    ['第 2 页 共 5 页', 'page-number'],
    ['- 3 -', 'page-number'],
    ['Page 1 of 4', 'page-number'],
    ['—END—', 'footer-marker'],
    ['往期推荐', 'footer-marker'],
    ['举报/反馈', 'site-ui'],
    ['关注公众号，回复“总结”获取Word版', 'advert'],
  ])('drops %s (%s)', (line, rule) => {
    expect(junkRule(line)).toBe(rule);
  });

  it.each([
    '完成党报党刊订阅X份',
    '建立微信工作群X个，及时发布政策信息。',
    '通过微信公众号发布信息X条。',
    '发展工会会员X名。',
    '全年新发展协会会员X名',
    '收集整理群众意见建议X条。',
    '档案整理',
    '在门户网站整理发布政策X条',
    '全年项目资金【待补充：具体金额】万元。',
    '【待补充】',
    '一、仅供学习的资料管理制度',
    '1.会员群管理',
    '——在全县农业农村工作会议上的讲话',
    '区政协社会法制委员会',
    '2025年12月28日',
    '坚持把分享发展成果作为工作的出发点',
    '开展打击假冒伪劣和盗版侵权专项行动X次，查处案件X起。',
    '网站信息发布X条，阅读量持续增长。',
    '全年开展评论员文章学习X次',
    '本单位2025年共完成X项改革任务',
    '第一阶段：动员部署',
    '3.5%',
    // Long lines read as content even when they name a banner phrase.
    `${'各单位要高度重视，认真组织学习，'.repeat(6)}材料仅供学习，禁止外传。`,
  ])('keeps %s', (line) => {
    expect(junkRule(line)).toBeNull();
  });
});
