/** Styles of cr-inbox: the bell, its drop-down and the toast. */
import { css } from 'lit';
import { base } from '../styles.ts';

export const inboxStyles = [
  base,
  css`
    :host {
      position: relative;
      display: inline-flex;
    }
    .bell {
      position: relative;
      width: 32px;
      height: 32px;
      border: 0;
      border-radius: 6px;
      background: none;
      cursor: pointer;
      display: grid;
      place-items: center;
      color: var(--cr-muted);
    }
    .bell:hover {
      background: rgb(0 0 0 / 5%);
      color: var(--cr-text);
    }
    .bell:focus-visible {
      outline: 2px solid var(--cr-accent);
    }
    .icon {
      width: 18px;
      height: 18px;
      background: currentColor;
      /* A bell; emoji fonts are not a given on office machines. */
      mask: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='black' stroke-width='2' stroke-linecap='round' stroke-linejoin='round'%3E%3Cpath d='M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9'/%3E%3Cpath d='M10.3 21a1.94 1.94 0 0 0 3.4 0'/%3E%3C/svg%3E")
        center / contain no-repeat;
    }
    .badge {
      position: absolute;
      top: 1px;
      right: 0;
      min-width: 16px;
      height: 16px;
      padding: 0 4px;
      border-radius: 8px;
      background: var(--cr-danger);
      color: #fff;
      font-size: 10.5px;
      line-height: 16px;
      font-weight: 600;
    }
    .panel {
      position: absolute;
      top: 38px;
      right: 0;
      width: 340px;
      max-height: 420px;
      overflow-y: auto;
      z-index: 20;
      background: var(--cr-surface);
      border: 1px solid var(--cr-border);
      border-radius: 10px;
      box-shadow: 0 8px 24px rgb(16 24 40 / 14%);
      padding: 8px;
    }
    @media (max-width: 600px) {
      .panel {
        position: fixed;
        top: 56px;
        left: 8px;
        right: 8px;
        width: auto;
        max-height: 70vh;
      }
    }
    .panel-head {
      display: flex;
      justify-content: space-between;
      align-items: center;
      padding: 2px 4px 6px;
      font-size: 13px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .item {
      display: grid;
      gap: 2px;
      width: 100%;
      text-align: left;
      border: 0;
      background: none;
      border-radius: 6px;
      padding: 8px 8px 8px 18px;
      cursor: pointer;
      font-size: 13px;
      position: relative;
    }
    .item:hover {
      background: #f3f5f8;
    }
    .item.unread::before {
      content: '';
      position: absolute;
      left: 6px;
      top: 14px;
      width: 6px;
      height: 6px;
      border-radius: 50%;
      background: var(--cr-accent);
    }
    .item.unread .what {
      font-weight: 600;
    }
    .excerpt {
      color: var(--cr-muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    time {
      color: var(--cr-faint);
      font-size: 12px;
    }
    .empty {
      color: var(--cr-muted);
      text-align: center;
      font-size: 13px;
      padding: 16px;
    }
    .toast {
      position: fixed;
      right: 20px;
      bottom: 20px;
      z-index: 30;
      display: flex;
      align-items: center;
      gap: 10px;
      max-width: 420px;
      padding: 12px 12px 12px 16px;
      background: #1f2430;
      color: #fff;
      border-radius: 10px;
      box-shadow: 0 10px 30px rgb(16 24 40 / 25%);
      font-size: 13px;
      animation: rise 0.2s ease-out;
    }
    .toast-text {
      display: grid;
      gap: 2px;
      min-width: 0;
    }
    .toast .excerpt {
      color: #c5cad3;
    }
    .toast .btn.ghost {
      color: #c5cad3;
    }
    .toast .btn.ghost:hover {
      background: rgb(255 255 255 / 10%);
    }
    @keyframes rise {
      from {
        transform: translateY(8px);
        opacity: 0;
      }
    }
  `,
];
