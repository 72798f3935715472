/** Styles of cr-import-preview: counts, the detected outline and the dropped lines. */
import { css } from 'lit';
import { base } from '../styles.ts';

export const previewStyles = [
  base,
  css`
    :host {
      display: block;
      font-size: 13px;
    }
    .stats {
      display: grid;
      grid-template-columns: repeat(3, 1fr);
      gap: 8px;
      margin-bottom: 14px;
    }
    .stat {
      border: 1px solid var(--cr-border);
      border-radius: 8px;
      background: var(--cr-surface);
      padding: 8px 12px;
      display: flex;
      align-items: baseline;
      gap: 6px;
    }
    .stat b {
      font-size: 20px;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .stat span {
      color: var(--cr-muted);
      font-size: 12px;
    }
    .stat.warn b {
      color: var(--cr-warn);
    }
    .stat.drop b {
      color: var(--cr-danger);
    }
    h3 {
      font-size: 12px;
      font-weight: 600;
      color: var(--cr-muted);
      letter-spacing: 0.04em;
      margin: 16px 0 8px;
    }
    h3:first-of-type {
      margin-top: 0;
    }
    ol,
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .outline {
      border: 1px solid var(--cr-border);
      border-radius: 8px;
      background: var(--cr-surface);
      overflow: hidden;
    }
    .outline li {
      padding: 7px 12px;
      border-top: 1px solid #f0f1f4;
    }
    .outline li:first-child {
      border-top: 0;
    }
    .outline li.lv2 {
      padding-left: 32px;
    }
    .outline li.lv3 {
      padding-left: 52px;
    }
    .outline li.lv4 {
      padding-left: 72px;
    }
    .row {
      display: flex;
      align-items: center;
      gap: 8px;
      min-width: 0;
    }
    .lvl {
      flex: none;
      font-size: 11px;
      color: var(--cr-muted);
      border: 1px solid var(--cr-border);
      border-radius: 4px;
      padding: 0 4px;
      line-height: 16px;
    }
    .t {
      flex: 1;
      min-width: 0;
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .lv2 .t,
    .lv3 .t,
    .lv4 .t {
      font-weight: 500;
    }
    /* 开篇, 正文, 结语, 落款: kept as sections, printed without a heading. */
    li:not(.part) .t {
      color: var(--cr-muted);
      font-weight: 400;
    }
    .n {
      flex: none;
      color: var(--cr-faint);
      font-size: 12px;
      font-variant-numeric: tabular-nums;
    }
    .ph {
      flex: none;
      font-size: 11px;
      padding: 0 6px;
      line-height: 18px;
      border-radius: 9px;
      background: var(--cr-warn-soft);
      color: var(--cr-warn);
    }
    .ex {
      margin: 2px 0 0 38px;
      color: var(--cr-muted);
      font-size: 12px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .hint {
      margin: 0 0 8px;
      color: var(--cr-muted);
      font-size: 12px;
    }
    .dropped li {
      display: grid;
      grid-template-columns: auto 1fr auto auto;
      gap: 10px;
      align-items: center;
      padding: 6px 10px;
      border-radius: 6px;
      background: var(--cr-danger-soft);
      margin-bottom: 4px;
    }
    .restore {
      padding: 1px 8px;
    }
    .hint .link {
      margin-left: 6px;
    }
    .ln {
      color: var(--cr-muted);
      font-size: 12px;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .txt {
      color: #7a2a22;
      text-decoration: line-through;
      text-decoration-color: rgb(192 54 44 / 50%);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      min-width: 0;
    }
    .txt.blank {
      text-decoration: none;
      font-style: italic;
    }
    .rule {
      font-size: 11px;
      color: var(--cr-danger);
      border: 1px solid #f3c9c4;
      background: var(--cr-surface);
      border-radius: 9px;
      padding: 0 7px;
      line-height: 18px;
      white-space: nowrap;
    }
    .empty {
      height: 100%;
      min-height: 260px;
      display: grid;
      place-content: center;
      justify-items: center;
      text-align: center;
      color: var(--cr-muted);
      padding: 24px;
    }
    .empty p {
      max-width: 300px;
      margin: 12px 0 0;
      line-height: 1.7;
    }
    .glyph {
      width: 44px;
      height: 52px;
      border: 2px solid var(--cr-border-strong);
      border-radius: 6px;
      background:
        linear-gradient(var(--cr-border-strong), var(--cr-border-strong)) 8px 12px / 24px 2px no-repeat,
        linear-gradient(var(--cr-border-strong), var(--cr-border-strong)) 8px 20px / 18px 2px no-repeat,
        linear-gradient(var(--cr-border-strong), var(--cr-border-strong)) 14px 28px / 18px 2px no-repeat,
        linear-gradient(var(--cr-border-strong), var(--cr-border-strong)) 14px 36px / 14px 2px no-repeat;
    }
  `,
];
