/**
 * Front and back matter: what a site, an account or a download wraps around the report. Above
 * the title (title.ts) everything but a document header (发文机关, 文号, 密级) is front matter.
 * At the end, after the signature's date, the closing line (`特此报告。`, `谢谢大家！`) or a footer
 * marker (`END`, `往期推荐`), trailing lines are back matter, except what a 公文 puts there
 * (附件, 抄送, 印发, 联系人) and a signer right after the closing line. Both are dropped by
 * default, listed with their rule, and can be kept (StructureOptions.keep).
 */
import { countChars } from '../placeholders.ts';
import { DATE_LINE } from './closing.ts';
import { markerOf } from './markers.ts';

/** Words of a site, an account or a download, never of an organ's or a person's name. */
export const WEBBY = /范文|文库|模板|下载|公众号|网$|网站|平台|www|https?:|\.com|\.cn/i;

/** 文号 `X政办发〔2025〕12号`, 密级 and 紧急程度, 签发人, and an issuing organ `…人民政府`, `…文件`. */
export function isHeaderLine(text: string): boolean {
  if (countChars(text) > 40 || WEBBY.test(text)) return false;
  return (
    /^[\p{Script=Han}A-Za-z]{0,14}\s*[〔[［【(（]\s*(?:19|20)[\dXxＸ×]{2}\s*[〕\]］】)）]\s*[\dXxＸ×]{1,4}\s*号$/u.test(
      text,
    ) ||
    /^(?:绝密|机密|秘密)(?:\s*★.*)?$|^内部(?:资料|文件|材料)?$|^密级\s*[:：]|^(?:特急|加急|平急|特提)$|^紧急程度\s*[:：]|^签发人\s*[:：]|^份号\s*[:：]/.test(
      text,
    ) ||
    (!/[，。！？；：,.;:!?]/.test(text) &&
      /(?:文件|人民政府|委员会|委|办公室|办公厅|常委会|政协|党委|党组|党支部|纪委|监委|总工会|团委|妇联|局|厅|部|院|中心|公司|集团|协会|学会|大学|学院|学校|医院|街道办事处|街道|乡|镇|村委会|居委会)$/.test(
        text,
      ))
  );
}

/** A footer marker: everything from it on is the site's, not the report's. */
export const BACK_MARKER =
  /^[\s\-—–_=~·•*#▼▲►◆■●★☆>【[]*(?:END|THE\s*END|本文完|全文完|往期(?:推荐|回顾|精选|精彩|文章)|推荐阅读|相关(?:推荐|阅读|文章|范文|链接|下载|资料)|延伸阅读|猜你喜欢|热门(?:推荐|文章|范文)|精彩推荐|更多(?:推荐|阅读|精彩|相关)|上一篇|下一篇|本文标签|文章标签|标签\s*[:：]|关键词\s*[:：]|热门搜索)[\s\-—–_=~·•*#▼▲►◆■●★☆<】\]：:]*/i;

/** What a 公文 has after the signature: 附件, 抄送, 印发, 附注, 联系人, `（此件公开发布）`. */
const DOCUMENT_TAIL =
  /^(?:附件|附表|附：|附\s*[:：]|抄送|抄报|印发|主题词|附注|联系人|联系电话|[（(]此件|[（(]联系人)/;
/** An attachment's own text follows its `附件1` line: kept whole. */
const ATTACHMENT = /^附(?:件|表)\s*[\d一二三四五六七八九十]*\s*[:：]?\s*$|^附件\s*[\d一二三四五六七八九十]+/;

/** A signer under a closing line: `述职人：李明`, an organ, a name with or without a post. */
const isSigner = (text: string): boolean =>
  countChars(text) <= 25 &&
  !WEBBY.test(text) &&
  (/^(?:述职人|汇报人|报告人|发言人|署名|(?:报告|汇报|述职)?单位)\s*[:：]/.test(text) ||
    isHeaderLine(text) ||
    /^(?:[\p{Script=Han}XＸ、]{1,20}(?:书记|长|主任|主席|委员|经理|员|人|师|代表)[\s\u3000]*)?[\p{Script=Han}]{2,4}$/u.test(
      text,
    ));

export interface MatterLine {
  text: string | null;
  /** A list block (Markdown `1. `, Word lists): back matter only after a footer marker. */
  list?: boolean;
  /** Already junk by a phrase rule or a watermark. */
  noise: boolean;
}

/** The line that ends a report when nothing but a signature follows: `特此报告。`, `谢谢大家！`. */
const LAST_LINE =
  /^(?:总之|总而言之|综上所述|特此(?:报告|汇报|说明|请示|通知)?|此致|敬礼|妥否|以上.{0,24}(?:请|妥否|不妥)|请.{0,12}(?:审议|批示|评议|指正|审阅|批评)|谢谢|述职完毕|汇报完毕|[（(]完[）)])/;

const SEPARATOR = /^[^\p{L}\p{N}]{6,}$/u;

/** A closing paragraph (`总之，…`): the report's last, however long. */
const CLOSING_PARAGRAPH = /^(?:总之|总而言之|综上所述)/;

/** Dropped tail lines may hold at most this share of the text, and be at most this many. */
const MAX_TAIL_SHARE = 0.3;
const MAX_TAIL_LINES = 15;
/** A back-matter line before a footer marker is short; a longer one is the report's. */
const MAX_TAIL_LINE_CHARS = 60;

/**
 * The back matter of `lines` after the title at `titleAt`: the indices to drop. Nothing when no
 * end is found or when what would go looks like content (a numbered line, a long paragraph,
 * a large share of the text).
 */
export function backMatter(lines: readonly MatterLine[], titleAt: number): Set<number> {
  const content = lines.map((l) => (l.text !== null && !l.noise ? l.text : null));
  const total = content.reduce((n, t) => n + (t ? countChars(t) : 0), 0);
  let marker = lines.findIndex((l, i) => i > titleAt && l.text !== null && BACK_MARKER.test(l.text));
  if (marker < 0) marker = content.length;

  const plausible = (drop: Set<number>) => {
    let chars = 0;
    for (const i of drop) {
      const t = content[i]!;
      const n = countChars(t);
      // Before a footer marker, a numbered line, a long line or a full sentence is the report's.
      if (i < marker && (markerOf(t) || n > MAX_TAIL_LINE_CHARS || /[。；;]$/.test(t))) return false;
      chars += n;
    }
    return drop.size <= MAX_TAIL_LINES && chars <= total * MAX_TAIL_SHARE;
  };

  // The report's end: the last date line or closing line before the marker, walking back.
  for (let i = marker - 1; i > titleAt; i--) {
    // A rule line (`——————`) under the last paragraph ends it too: a forum's replies follow.
    const rule = lines[i]!.text !== null && SEPARATOR.test(lines[i]!.text!);
    if (rule && plausible(tailFrom(lines, content, i + 1, marker, false)))
      return tailFrom(lines, content, i + 1, marker, false);
    const t = content[i];
    if (!t) continue;
    if (markerOf(t)) break;
    if (lines[i]!.list) continue;
    const date = DATE_LINE.test(t);
    const closer = LAST_LINE.test(t) && (countChars(t) <= 60 || CLOSING_PARAGRAPH.test(t));
    if (!date && !closer) continue;
    const drop = tailFrom(lines, content, i + 1, marker, !date);
    if (plausible(drop)) return drop;
    break;
  }
  const drop = tailFrom(lines, content, marker, marker, false);
  return plausible(drop) ? drop : new Set();
}

/** Lines from `start` on that are not what a 公文 puts after its end. */
function tailFrom(
  lines: readonly MatterLine[],
  content: (string | null)[],
  start: number,
  marker: number,
  afterCloser: boolean,
): Set<number> {
  const out = new Set<number>();
  let signer = afterCloser;
  let attachment = false;
  for (let i = start; i < content.length; i++) {
    const t = content[i];
    if (!t) continue;
    if (i >= marker) {
      out.add(i);
      continue;
    }
    if (ATTACHMENT.test(t)) attachment = true;
    if (attachment || lines[i]!.list || DOCUMENT_TAIL.test(t)) continue;
    if (signer && (isSigner(t) || DATE_LINE.test(t))) continue;
    signer = false;
    out.add(i);
  }
  return out;
}
