/**
 * Where the title is, found from the document's shape rather than from junk phrases: the short
 * line right before the body starts (the first numbered heading, or the first body paragraph),
 * preferably one that reads like a report title (ends in 报告/总结/讲话/方案…, names a year,
 * `关于…的…`). Lines above it are front matter (matter.ts). Word's Title style always wins.
 */
import { countChars } from '../placeholders.ts';
import { DATE_LINE } from './closing.ts';
import { markerOf } from './markers.ts';
import { isHeaderLine } from './matter.ts';

/** A title is at most this long. */
export const MAX_TITLE_CHARS = 60;

/** The last word of a report title, before an optional bracketed note (`（讨论稿）`, `（2025年）`). */
const GENRE =
  /(?:报告|总结|小结|汇报|讲话|讲稿|发言|致辞|方案|意见|体会|感悟|心得|计划|规划|要点|打算|思路|安排|通知|决定|办法|制度|细则|规定|纪要|材料|调研|提纲|述职|建议|分析|思考|情况|做法|经验|事迹|倡议书|承诺书|自查|清单|台账)(?:[（(][^）)]{1,12}[）)])?$/;
const YEAR = /(?:19|20)[\dXxＸ×]{2}\s*年|二[〇○零][〇○零一二三四五六七八九]{2}年|20[XxＸ×]{2}/;
const ABOUT = /^关于.{2,}的/;
/** Signs of a site's or an account's headline (`…范文5篇`, `…（精选合集）`, `拿走不谢！`), not a report's title. */
const PROMO_TITLE =
  /范文|模板|大全|精选|合集|(?:\d+|[一二三四五六七八九十两]+)篇(?!章)|收藏|干货|拿走|必看|下载|[！!?？]|丨|[|｜]|https?:|www\.|\.com|\.cn/i;
/** Sentence punctuation a title does not end with (or hold inside: a title is not two sentences). */
const ENDS_SENTENCE = /[。！？；：，、,.;:!?]$/;
const INNER_SENTENCE = /[。；;]/;

/** A line that could be the title: short, not numbered, not a sentence, not a date or a subtitle. */
export function isTitleCandidate(text: string): boolean {
  if (!text || countChars(text) > MAX_TITLE_CHARS || markerOf(text)) return false;
  if (ENDS_SENTENCE.test(text) || INNER_SENTENCE.test(text)) return false;
  if (/^[—－\-–~～]/.test(text) || DATE_LINE.test(text) || isHeaderLine(text)) return false;
  return /\p{Script=Han}/u.test(text);
}

/** A candidate that reads like a report title rather than a site name or a headline. */
export function readsAsTitle(text: string): boolean {
  if (PROMO_TITLE.test(text)) return false;
  return GENRE.test(text) || ABOUT.test(text) || YEAR.test(text);
}

/** Where the body starts: a sentence paragraph (≥ 20 characters ending in 。！？…) or a salutation. */
const isBodyParagraph = (text: string): boolean =>
  (countChars(text) >= 20 && /[。！？!?；;”’）)]$/.test(text)) ||
  /^(?:各位|尊敬的|同志们|亲爱的)[^。]{0,30}[：:]$/.test(text);

export interface TitleLine {
  /** The line's text, trimmed; null for a block that is not a line of text (a list). */
  text: string | null;
  /** Junk by a phrase rule or a watermark: never the title, skipped when looking. */
  noise: boolean;
  /** An explicit heading (`#`, a Word heading style). */
  heading: boolean;
  /** Word's Title style: the title whatever is above it. */
  styledTitle: boolean;
}

/**
 * Index of the title among `lines`, or -1. Looks up to the first numbered heading; without one, up
 * to the first body paragraph that follows a title-like line. The nearest title-like candidate
 * before that point wins; a weaker candidate (no genre word, year or 关于) only when none reads
 * as a title; an explicit heading before a plain line.
 */
export function findTitle(lines: readonly TitleLine[]): number {
  const styled = lines.findIndex((l) => l.styledTitle && l.text);
  if (styled >= 0) return styled;
  let strong = -1;
  let heading = -1;
  let weak = -1;
  // After a salutation or a paragraph only a line that reads as a title can still be one.
  let bodySeen = false;
  let firstWeak = -1;
  let i = 0;
  for (; i < lines.length; i++) {
    const { text, noise } = lines[i]!;
    if (text === null || noise) continue;
    if (markerOf(text)) break;
    const seen = strong >= 0 || heading >= 0 || weak >= 0;
    // A second explicit heading that is no title starts the body (`# 第一部分` … `# 第二部分`).
    if (lines[i]!.heading && seen && !(isTitleCandidate(text) && readsAsTitle(text))) break;
    if (isTitleCandidate(text)) {
      if (readsAsTitle(text) || subtitled(lines, i)) strong = i;
      else if (bodySeen) continue;
      else if (lines[i]!.heading) heading = i;
      else {
        weak = i;
        if (firstWeak < 0) firstWeak = i;
      }
      continue;
    }
    if (isBodyParagraph(text)) bodySeen = true;
    // The body has started, unless this was a promo paragraph above the real title (a WeChat
    // intro under the article's headline): then a line that reads as a title comes right after.
    if (isBodyParagraph(text) && seen && !titleAhead(lines, i)) break;
  }
  if (strong >= 0) return strong;
  if (heading >= 0) return heading;
  // No start of a body seen: nothing says which line is right before it; the first one is.
  return i === lines.length && !bodySeen ? firstWeak : weak;
}

/** True when a line that reads as a title comes within the next few lines after `from`. */
function titleAhead(lines: readonly TitleLine[], from: number): boolean {
  for (let i = from + 1; i < Math.min(lines.length, from + 6); i++) {
    const { text, noise } = lines[i]!;
    if (text === null || noise) continue;
    if (markerOf(text)) return false;
    if (isTitleCandidate(text) && readsAsTitle(text)) return true;
  }
  return false;
}

/** A main title is followed by its subtitle: `——在全市教育工作会议上的讲话`. */
function subtitled(lines: readonly TitleLine[], at: number): boolean {
  const next = lines.slice(at + 1).find((l) => l.text !== null && !l.noise);
  return !!next?.text && /^(?:——|－－|--)\s*\S/.test(next.text) && countChars(next.text) <= MAX_TITLE_CHARS;
}
