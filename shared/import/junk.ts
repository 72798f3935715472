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
      /(?:扫码|扫描二维码|长按二维码)(?:关注|加入|添加|下载|领取)|(?:更多|精品|海量)(?:范文|资料|文章|模板)|免费下载|下载地址|点击(?:下载|阅读原文|关注)/.test(
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
