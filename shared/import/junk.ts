/**
 * Junk lines that template sites add to copied reports, each rule named so the import can say
 * what it dropped and why. Conservative by design:
 * - only whole lines are dropped, never part of a line;
 * - a numbered line (`一、`, `（一）`, `1.`, `（1）`) is never junk, nor a line over 100 characters;
 * - each rule needs a telltale phrase, not just a word: `订阅党报党刊`, `工会会员`, `微信工作群`,
 *   `收集整理意见` and `【待补充】` are report content and stay.
 */
import { countChars } from '../placeholders.ts';
import { markerOf } from './markers.ts';
import { BACK_MARKER } from './matter.ts';

/** Lines longer than this are never dropped: they read as report content. */
const MAX_JUNK_CHARS = 100;
/** Softer rules (credits, 会员) only drop short lines. */
const SHORT = 40;

const BRACKETED = /^[【[〔［].*[】\]〕］]$/;
const NOTICE_WORDS =
  /会员|资料|仅供|内部|交流|下载|转载|版权|声明|广告|推广|免费|VIP|关注|QQ|微信|扫码|二维码|公众号/i;

interface Rule {
  name: string;
  test: (line: string, chars: number) => boolean;
}

/** The rules in the order they are tried; the first that matches names the drop. */
export const JUNK_RULES: readonly Rule[] = [
  {
    name: 'bracketed-notice',
    test: (line) =>
      BRACKETED.test(line) && NOTICE_WORDS.test(line) && !/待(?:补充|填|定|完善|核实)/.test(line),
  },
  {
    // `咨询QQ123456`, `QQ群：123456`, `加微信：wenmi_2020`, `VX: abc12345`; not `微信工作群12个`.
    name: 'contact',
    test: (line) =>
      /(?:QQ|ＱＱ|微信|威信|V信|VX|wx|weixin)\s*(?:号码?|群号?)?\s*[:：]?\s*[A-Za-z0-9_-]{5,}/i.test(line),
  },
  {
    name: 'study-only',
    test: (line) =>
      /仅供(?:学习|参考|交流|内部)|(?:禁止|请勿|严禁|不得)(?:外传|转载|传播|商用)|版权所有|侵权必究|转载请注明/.test(
        line,
      ),
  },
  {
    name: 'member',
    test: (line, chars) =>
      chars <= SHORT &&
      /会员(?:群|资料|专享|专区|免费|下载|福利|中心)|(?:开通|成为|加入|VIP|付费)会员|会员.{0,6}(?:交流|下载|专享|内部)/i.test(
        line,
      ),
  },
  {
    name: 'subscription',
    test: (line, chars) =>
      chars <= SHORT &&
      /(?:欢迎|点击|免费|关注并?|请|一键)订阅|订阅(?:本号|我们|更多|专栏|频道|后)|(?:付费|会员)订阅/.test(
        line,
      ),
  },
  {
    name: 'advert',
    test: (line, chars) =>
      chars <= SHORT &&
      /(?:扫码|扫描二维码|长按二维码)(?:关注|加入|添加|下载|领取)|(?:回复|私信|留言)\s*[“"‘「]?.{0,8}[”"’」]?\s*(?:获取|领取)|领取(?:更多|全套|完整|海量)?.{0,6}(?:素材|资料|范文|模板|材料|word|Word|WORD)|(?:更多|精品|海量)(?:范文|资料|文章|模板)|免费下载|下载地址|点击(?:下载|阅读原文|关注)/.test(
        line,
      ),
  },
  {
    // `本文由笔杆子文库整理`, `整理：张三`, `来源：网络`; not `收集整理意见建议X条`.
    name: 'credit',
    test: (line, chars) =>
      chars <= SHORT &&
      (/^(?:来源|出处|编辑|整理|责任编辑|文稿整理|资料来源)\s*[:：]/.test(line) ||
        /^(?:本文|本资料|资料|以上资料|此文)?(?:由|经)[^，。；,;]{1,20}整理(?:发布|分享|提供|编辑)?[。.!！]?$/.test(
          line,
        ) ||
        /(?:网|站|文库|小编|编辑部|工作室|公众号|平台)(?:精心)?(?:收集)?整理(?:发布|分享|提供)?[!！]?$/.test(
          line,
        ) ||
        /整理[，,]\s*(?:咨询|联系|更多|欢迎)/.test(line)),
  },
  {
    // `点赞、在看、转发三连`, `点击上方蓝字关注我们`, `记得星标哦`, `↓↓↓`: an account asking for clicks.
    name: 'engagement',
    test: (line, chars) =>
      chars <= SHORT &&
      /(?:点个?|点击|记得|欢迎|求|顺手|一键)(?:赞|在看|关注|转发|分享|收藏|星标|三连)|(?:点赞|在看|转发|分享|收藏|关注)\s*(?:[、，,+＋/|]|和|\s)\s*(?:点赞|在看|转发|分享|收藏|关注)|关注我们|关注(?:本|我们的)?(?:公众号|账号|订阅号|视频号)|星标|置顶公众号|蓝字|[↑↓👇👆☝▲▼]{2,}|^[↑↓👇👆▲▼]/u.test(
        line,
      ),
  },
  {
    // `本站资料严禁倒卖`, `打击盗版，人人有责`, `淘宝店铺购买的请申请退款`: anti-resale banners.
    name: 'anti-resale',
    test: (line, chars) =>
      chars <= 60 &&
      ((/倒卖|转卖|盗卖|盗版|二次(?:销售|售卖|转售|贩卖)/.test(line) &&
        /资料|文档|范文|本站|本号|本店|资源|素材|作品|模板|必究|人人有责/.test(line)) ||
        /(?:淘宝|闲鱼|拼多多|小红书).{0,12}(?:购买|售卖|店铺|买到)/.test(line)),
  },
  {
    // `如有侵权请联系删除`, `图文来源于网络`, `不代表本平台观点`.
    name: 'disclaimer',
    test: (line, chars) =>
      chars <= 60 &&
      /如有侵权|侵删|著作权归.{0,8}所有|仅代表作者(?:个人)?(?:观点|立场)|(?:用户|网友)(?:投稿|上传|分享)|联系(?:我们|小编|本站)?删除|(?:内容|文章|图片|图文|素材)(?:均)?(?:来源于|来自|源自)(?:网络|互联网)|不代表本(?:站|号|平台|公众号)|免责声明|版权归原作者|版权归.{1,10}所有/.test(
        line,
      ),
  },
  {
    // `发布时间：2025-03-01  阅读：1234`, `本文共3200字，阅读约需8分钟`, `作者：小编`.
    name: 'page-meta',
    test: (line, chars) =>
      chars <= 60 &&
      /^(?:发布|更新|上传|录入|发表)(?:时间|日期|者|人)?\s*[:：]|^(?:作者|编辑|文|来源|图|排版|校对|审核|责编)\s*[|｜/／:：]|(?:阅读|浏览|点击|下载|评论|转载|收藏)(?:量|数|次数|人数)?\s*[:：(（]\s*\d+|^本文(?:共|约)?\s*\d+\s*字|阅读(?:全文)?(?:大约|约|约需|需要|需)\s*\d+\s*分钟|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+\S{1,20})?$/.test(
        line,
      ),
  },
  {
    // `本文档为PDF转换版本`, `此文档可编辑`, `本资料来自网络`: what a download says about itself.
    name: 'document-notice',
    test: (line, chars) =>
      chars <= 60 &&
      /(?:本|此|该)(?:文档|资料|范文|篇文章)(?:为|是|来自|来源于|可|由|下载|已|仅|系|共|格式)/.test(line),
  },
  {
    // A site's address: `更多范文请访问 www.example.com`, `原文链接：https://…`.
    name: 'site-link',
    test: (line, chars) =>
      chars <= 80 &&
      /https?:\/\/|www\.|\.(?:com|cn|net|org)\b/i.test(line) &&
      /更多|访问|范文|文库|下载|来源|原文|本文|转载|收藏|网址|链接|官网|本站/.test(line),
  },
  {
    // `第 2 页 共 5 页`, `- 3 -`, `Page 1 of 4`, `2/5`: page numbers of a download.
    name: 'page-number',
    test: (line) =>
      /^(?:第\s*\d{1,4}\s*页\s*(?:[,，/／]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|[-—–－·]\s*\d{1,4}\s*[-—–－·]|page\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?|\d{1,3}\s*[/／]\s*\d{1,3})$/i.test(
        line,
      ),
  },
  {
    // A footer marker standing alone: `END`, `— END —`, `往期推荐`, `推荐阅读：` (matter.ts drops what follows).
    name: 'footer-marker',
    test: (line, chars) => chars <= 16 && BACK_MARKER.test(line),
  },
  {
    // A line of nothing but a page's buttons: `举报/反馈`, `分享 收藏 点赞`, `展开全文`, `顶(12) 踩(0)`.
    name: 'site-ui',
    test: (line) =>
      /^(?:[\s|/｜·、()（）\d]*(?:举报|反馈|投诉|分享|收藏|评论|发表评论|写评论|添加评论|回复|点赞|赞同|喜欢|转发|打印|关闭|返回顶部|返回|顶一下|踩一下|在看|加载更多|展开全文|阅读原文|打开APP|复制链接|微信扫一扫|赞赏|打赏))+[\s|/｜·、()（）\d]*$/i.test(
        line,
      ),
  },
  {
    // `#入职培训 #心得体会`: a post's hashtags.
    name: 'hashtags',
    test: (line) => /^(?:[#＃][^\s#＃]{1,20}[#＃]?\s*){2,}$/.test(line),
  },
  {
    // A line of only symbols: `————————`, `※※※`, `***`.
    name: 'separator',
    test: (line) => line.length >= 3 && !/[\p{L}\p{N}]/u.test(line),
  },
];

/** The junk rule `line` (trimmed) falls under, or null when it is kept. */
export function junkRule(line: string): string | null {
  const chars = countChars(line);
  if (chars === 0 || chars > MAX_JUNK_CHARS || markerOf(line)) return null;
  for (const rule of JUNK_RULES) if (rule.test(line, chars)) return rule.name;
  return null;
}
