/** Styles of cr-report-toolbar: one wrapping row; on phones the back link and title share the first line. */
import { css } from 'lit';
import { base } from '../styles.ts';

export const toolbarStyles = [
  base,
  css`
    :host {
      display: block;
      flex: none;
    }
    .toolbar {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 10px 20px;
      background: var(--cr-surface);
      border-bottom: 1px solid var(--cr-border);
      flex-wrap: wrap;
    }
    .back {
      color: var(--cr-muted);
      text-decoration: none;
      font-size: 13px;
    }
    .back:hover {
      color: var(--cr-accent);
    }
    h1 {
      font-size: 17px;
      margin: 0;
      max-width: 40vw;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .role {
      font-size: 12px;
      padding: 1px 8px;
      border-radius: 10px;
      background: var(--cr-accent-soft);
      color: var(--cr-accent);
    }
    .conn {
      font-size: 12px;
      color: var(--cr-muted);
      display: inline-flex;
      align-items: center;
      gap: 5px;
    }
    .conn::before {
      content: '';
      width: 7px;
      height: 7px;
      border-radius: 50%;
      background: var(--cr-faint);
    }
    .conn.ok::before {
      background: #22a55a;
    }
    .conn.bad::before {
      background: var(--cr-danger);
    }
    .conn.wait::before {
      background: #f0b400;
    }
    .conn.off {
      color: var(--cr-warn);
    }
    .conn.off::before {
      background: var(--cr-warn);
    }
    .spacer {
      flex: 1;
    }
    .count {
      margin-left: 4px;
      min-width: 18px;
      height: 18px;
      padding: 0 5px;
      border-radius: 9px;
      background: var(--cr-warn-soft);
      color: var(--cr-warn);
      font-size: 11px;
      display: inline-grid;
      place-items: center;
    }
    .btn.on {
      background: var(--cr-accent-soft);
      border-color: #c9d6f5;
      color: var(--cr-accent);
    }
    .next {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .only-mine {
      display: inline-flex;
      align-items: center;
      gap: 3px;
      font-size: 12px;
      color: var(--cr-muted);
      white-space: nowrap;
      cursor: pointer;
    }
    .count.c {
      background: rgb(250 204 21 / 30%);
      color: #854d0e;
    }
    @media (max-width: 600px) {
      .toolbar {
        gap: 8px;
        padding: 8px 12px;
      }
      /* The back link and the title share the first line; the rest wraps below them. */
      .back {
        order: -2;
      }
      h1 {
        order: -1;
        flex: 1 1 calc(100% - 110px);
        min-width: 0;
        max-width: none;
        font-size: 16px;
      }
      .print-btn {
        display: none;
      }
    }
    @media print {
      :host {
        display: none;
      }
    }
  `,
];
