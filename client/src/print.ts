/**
 * The print view: the report as an official document (GB/T 9704-2012, the same look as the .docx
 * export, docs/import-export.md): title 22 pt 小标宋 centred, body 16 pt 仿宋 with a two-character
 * indent on a 28 pt line, level-1 headings 黑体, level-2 楷体, level-3 仿宋 bold. Only the text:
 * no sidebar, toolbar, badges, highlights or carets. Page size, margins and page numbers are in
 * print.css (an `@page` rule only works at document level); these rules go inside the shadow roots.
 *
 * Each face names the official font first, then what Windows, macOS and Linux ship; the title's
 * last resort is the `coreport 标题` face of print.css, a bold Song (小标宋 is a heavy Song).
 */
import { css } from 'lit';
import { STRUCTURAL_TITLES } from '../../shared/import/markers.ts';

const TITLE = css`'方正小标宋简体', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05S', 'coreport 标题', '华文中宋', 'STZhongsong', serif`;
const FANGSONG = css`'仿宋_GB2312', 'FangSong_GB2312', '仿宋', 'FangSong', '华文仿宋', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'Songti SC', '宋体', 'SimSun', serif`;
const HEITI = css`'黑体', 'SimHei', 'STHeiti', 'Heiti SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif`;
const KAITI = css`'楷体_GB2312', 'KaiTi_GB2312', '楷体', 'KaiTi', '华文楷体', 'STKaiti', 'Kaiti SC', 'AR PL UKai CN', 'Noto Serif CJK SC', serif`;

/** How a section prints: with its heading, as running text (开篇, 正文, 结语) or as the 落款. */
export type PrintRole = 'heading' | 'plain' | 'signature';

/** The print role of a section title; the exports print no heading for the same titles. */
export function printRole(title: string): PrintRole {
  const name = title.trim();
  if (name === STRUCTURAL_TITLES.signature) return 'signature';
  return name === STRUCTURAL_TITLES.opening ||
    name === STRUCTURAL_TITLES.body ||
    name === STRUCTURAL_TITLES.closing
    ? 'plain'
    : 'heading';
}

/** Print rules of cr-report: the document column alone, under the report title. */
export const reportPrintStyles = css`
  @media print {
    :host {
      display: block;
      color: #000;
    }
    .layout,
    .layout.with-comments {
      display: block;
      overflow: visible;
    }
    .doc {
      display: block;
      overflow: visible;
      padding: 0;
    }
    .doc > * {
      max-width: none;
      margin: 0;
    }
    .doc > .print-title {
      display: block;
      max-width: none;
      overflow: visible;
      white-space: normal;
      margin: 0 0 28pt;
      font-family: ${TITLE};
      font-size: 22pt;
      font-weight: normal;
      line-height: 1.45;
      text-align: center;
      color: #000;
    }
    .empty,
    .center,
    .error {
      display: none;
    }
  }
`;

/** Print rules of cr-section: the heading and the text, nothing of the app around them. */
export const sectionPrintStyles = css`
  @media print {
    :host {
      color: #000;
    }
    /* The class raises the weight above the screen rules' indents for sub-sections. */
    section[class],
    :host([active]) section[class] {
      border: 0;
      border-radius: 0;
      box-shadow: none;
      background: none;
      padding: 0;
      margin: 0;
    }
    .head,
    .title-row {
      display: block;
    }
    .title {
      display: block;
      font-family: ${HEITI};
      font-size: 16pt;
      font-weight: normal;
      line-height: 28pt;
      text-indent: 2em;
      break-after: avoid;
    }
    .level-2 .title {
      font-family: ${KAITI};
      font-size: 16pt;
    }
    .level-3 .title,
    .level-4 .title {
      font-family: ${FANGSONG};
      font-size: 16pt;
    }
    .level-3 .title {
      font-weight: bold;
    }
    .badge,
    .meta,
    .actions,
    .return,
    .note,
    .error,
    .tools,
    .lock,
    .comment-pick,
    cr-presence,
    cr-section-settings,
    .ProseMirror-yjs-cursor {
      display: none !important;
    }
    .body {
      margin: 0;
    }
    .body.writable .editor {
      outline: 0;
    }
    .ProseMirror,
    .fallback {
      font-family: ${FANGSONG};
      font-size: 16pt;
      line-height: 28pt;
      min-height: 0;
      padding: 0;
      color: #000;
      text-align: justify;
    }
    .ProseMirror p {
      margin: 0;
      text-indent: 2em;
      orphans: 2;
      widows: 2;
    }
    /* A section with no text yet prints its heading only, not a blank line under it. */
    .ProseMirror:has(> p.cr-empty:only-child) {
      display: none;
    }
    .ProseMirror h1,
    .ProseMirror h2,
    .ProseMirror h3,
    .ProseMirror h4 {
      font-size: 16pt;
      line-height: 28pt;
      margin: 0;
      text-indent: 2em;
      font-weight: bold;
      break-after: avoid;
    }
    .ProseMirror ul,
    .ProseMirror ol {
      margin: 0;
      padding-left: 3em;
    }
    /* Tables as exported: thin black rules, cells flush, the header row bold. */
    .ProseMirror td,
    .ProseMirror th {
      border: 0.5pt solid #000;
      background: none;
    }
    .ProseMirror td p,
    .ProseMirror th p {
      text-indent: 0;
    }
    .ProseMirror tr {
      break-inside: avoid;
    }
    .cr-placeholder,
    .cr-comment,
    .cr-comment.active,
    .cr-comment.draft,
    .ProseMirror-yjs-selection {
      background: none !important;
      border: 0;
    }
    /* 开篇, 正文, 结语: running text with no heading; 落款: the signature and date on the right. */
    :host([data-print='plain']) .head,
    :host([data-print='signature']) .head {
      display: none;
    }
    :host([data-print='signature']) section {
      margin-top: 28pt;
      break-inside: avoid;
    }
    :host([data-print='signature']) .ProseMirror p {
      text-align: right;
      text-indent: 0;
      padding-right: 2em;
    }
  }
`;
