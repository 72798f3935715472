/** Styles of cr-thread: a compact card, expanded when selected. */
import { css } from 'lit';
import { base } from '../styles.ts';
import { mentionStyles } from './cr-mention-input.ts';

export const threadStyles = [
  base,
  mentionStyles,
  css`
    :host {
      display: block;
    }
    .card {
      background: var(--cr-surface);
      border: 1px solid var(--cr-border);
      border-radius: 8px;
      padding: 10px 12px;
      cursor: pointer;
      font-size: 13px;
      transition: box-shadow 0.15s, border-color 0.15s;
    }
    .card:hover {
      border-color: var(--cr-border-strong);
    }
    :host([active]) .card {
      border-color: #e3b341;
      box-shadow: 0 0 0 3px rgb(250 204 21 / 18%), var(--cr-shadow);
      cursor: default;
    }
    .card.resolved {
      background: #fafbfc;
    }
    .card.resolved .msg,
    .card.resolved .quote {
      opacity: 0.75;
    }
    .where {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      font-size: 12px;
      color: var(--cr-muted);
      margin-bottom: 6px;
    }
    .section {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .state {
      flex: none;
      color: var(--cr-ok);
    }
    .quote {
      border-left: 3px solid #e3b341;
      padding: 1px 8px;
      color: var(--cr-muted);
      margin-bottom: 8px;
      display: -webkit-box;
      -webkit-line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
      white-space: pre-wrap;
    }
    .quote.gone {
      border-left-color: var(--cr-border-strong);
    }
    .gone-label {
      display: inline-block;
      font-size: 11px;
      padding: 0 6px;
      margin-right: 4px;
      border-radius: 8px;
      background: #eef0f3;
      color: var(--cr-muted);
    }
    .msg + .msg,
    .replies {
      margin-top: 8px;
    }
    .replies {
      border-top: 1px solid var(--cr-border);
      padding-top: 2px;
    }
    .by {
      display: flex;
      align-items: center;
      gap: 6px;
    }
    .avatar {
      width: 20px;
      height: 20px;
      border-radius: 50%;
      background: var(--cr-accent-soft);
      color: var(--cr-accent);
      font-size: 11px;
      display: grid;
      place-items: center;
      flex: none;
    }
    .name {
      font-weight: 600;
    }
    time,
    .edited {
      color: var(--cr-faint);
      font-size: 12px;
    }
    .body {
      margin: 3px 0 0 26px;
      white-space: pre-wrap;
      word-break: break-word;
      line-height: 1.6;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin-top: 10px;
    }
    .reply {
      margin-top: 8px;
      cursor: auto;
    }
    textarea {
      min-height: 54px;
    }
    .row {
      display: flex;
      justify-content: flex-end;
      gap: 6px;
      margin-top: 6px;
    }
    .error {
      margin-top: 8px;
    }
  `,
];
