/** Styles of cr-comments: header with filter tabs, composer, thread list. */
import { css } from 'lit';
import { base } from '../styles.ts';
import { mentionStyles } from './cr-mention-input.ts';

export const commentsStyles = [
  base,
  mentionStyles,
  css`
    :host {
      display: block;
    }
    .head {
      position: sticky;
      top: 0;
      z-index: 1;
      background: inherit;
      padding-bottom: 10px;
    }
    h2 {
      font-size: 14px;
      margin: 2px 2px 8px;
    }
    .filters {
      display: flex;
      gap: 2px;
      background: #eef0f3;
      border-radius: 7px;
      padding: 2px;
    }
    .filters button {
      flex: 1;
      border: 0;
      background: none;
      height: 28px;
      border-radius: 5px;
      cursor: pointer;
      font-size: 12.5px;
      color: var(--cr-muted);
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: 4px;
    }
    .filters button[aria-selected='true'] {
      background: var(--cr-surface);
      color: var(--cr-text);
      box-shadow: var(--cr-shadow);
    }
    .n {
      font-size: 11px;
      color: var(--cr-faint);
    }
    .list {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .composer {
      background: var(--cr-surface);
      border: 1px solid var(--cr-accent);
      box-shadow: 0 0 0 3px var(--cr-accent-soft);
      border-radius: 8px;
      padding: 10px 12px;
      margin-bottom: 10px;
      font-size: 13px;
    }
    .quote {
      border-left: 3px solid var(--cr-accent);
      padding: 1px 8px;
      color: var(--cr-muted);
      margin-bottom: 8px;
      display: -webkit-box;
      -webkit-line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
      white-space: pre-wrap;
    }
    .row {
      display: flex;
      align-items: center;
      gap: 6px;
      margin-top: 6px;
    }
    .hint {
      flex: 1;
      font-size: 12px;
      color: var(--cr-faint);
    }
    .error {
      margin-top: 6px;
    }
    .empty {
      color: var(--cr-muted);
      font-size: 13px;
      text-align: center;
      padding: 28px 12px;
      line-height: 1.7;
      white-space: pre-line;
    }
  `,
];
