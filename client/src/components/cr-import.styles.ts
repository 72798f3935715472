/** Styles of cr-import: a wide modal with the input on the left and the preview on the right. */
import { css } from 'lit';
import { base, modal, wideModal } from '../styles.ts';

export const importStyles = [
  base,
  modal,
  wideModal,
  css`
    header {
      display: flex;
      justify-content: space-between;
      align-items: flex-start;
      gap: 16px;
      padding: 18px 22px 14px;
      border-bottom: 1px solid var(--cr-border);
    }
    h2 {
      margin: 0;
      font-size: 18px;
    }
    header p {
      margin: 4px 0 0;
      font-size: 13px;
    }
    .close {
      font-size: 20px;
      width: 32px;
      justify-content: center;
      padding: 0;
    }
    .panes {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
    .in,
    .out {
      min-height: 0;
      padding: 16px 22px;
      display: flex;
      flex-direction: column;
      gap: 10px;
    }
    .out {
      background: #f8f9fb;
      border-left: 1px solid var(--cr-border);
      overflow-y: auto;
    }
    .tabs {
      display: inline-flex;
      align-self: flex-start;
      gap: 2px;
      background: #eef0f3;
      border-radius: 7px;
      padding: 2px;
    }
    .tabs button {
      border: 0;
      background: transparent;
      padding: 5px 14px;
      border-radius: 5px;
      font-size: 13px;
      color: var(--cr-muted);
      cursor: pointer;
    }
    .tabs button[aria-pressed='true'] {
      background: var(--cr-surface);
      color: var(--cr-text);
      box-shadow: var(--cr-shadow);
    }
    .paste {
      flex: 1;
      min-height: 0;
      resize: none;
      border: 1px solid var(--cr-border-strong);
      border-radius: 8px;
      padding: 12px 14px;
      font-size: 14px;
      line-height: 1.75;
      background: var(--cr-surface);
    }
    .paste:focus-visible {
      outline: 2px solid var(--cr-accent);
      outline-offset: -1px;
    }
    .under {
      display: flex;
      align-items: center;
      gap: 12px;
      font-size: 12px;
    }
    .under label {
      display: flex;
      align-items: center;
      gap: 6px;
      color: var(--cr-muted);
      white-space: nowrap;
    }
    .under select {
      height: 28px;
      font-size: 12px;
    }
    .drop {
      flex: 1;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 10px;
      text-align: center;
      border: 2px dashed var(--cr-border-strong);
      border-radius: 10px;
      background: var(--cr-surface);
      padding: 24px;
      cursor: pointer;
      font-size: 13px;
    }
    .drop.over,
    .drop:hover {
      border-color: var(--cr-accent);
      background: var(--cr-accent-soft);
    }
    .drop:focus-within {
      outline: 2px solid var(--cr-accent);
      outline-offset: 2px;
    }
    .drop strong {
      font-size: 15px;
    }
    .drop .muted {
      max-width: 340px;
      font-size: 12px;
      line-height: 1.6;
    }
    .fname {
      word-break: break-all;
    }
    .doc-icon {
      width: 40px;
      height: 48px;
      border-radius: 5px;
      border: 2px solid var(--cr-accent);
      background: linear-gradient(var(--cr-accent), var(--cr-accent)) 8px 14px / 20px 2px no-repeat,
        linear-gradient(var(--cr-accent), var(--cr-accent)) 8px 22px / 20px 2px no-repeat,
        linear-gradient(var(--cr-accent), var(--cr-accent)) 8px 30px / 12px 2px no-repeat, var(--cr-accent-soft);
    }
    .title-field {
      display: flex;
      flex-direction: column;
      gap: 4px;
      font-size: 12px;
      color: var(--cr-muted);
      margin-bottom: 4px;
    }
    .title-field .input {
      height: 38px;
      font-size: 15px;
      font-weight: 600;
      color: var(--cr-text);
    }
    .error {
      margin: 0 22px 10px;
    }
    footer {
      display: flex;
      align-items: center;
      gap: 10px;
      padding: 12px 22px;
      border-top: 1px solid var(--cr-border);
      font-size: 12px;
    }
    footer .next {
      flex: 1;
      text-align: right;
    }
    @media (max-width: 760px) {
      .panes {
        grid-template-columns: minmax(0, 1fr);
        overflow-y: auto;
      }
      .out {
        border-left: 0;
        border-top: 1px solid var(--cr-border);
        overflow: visible;
      }
      .paste {
        min-height: 220px;
      }
    }
  `,
];
