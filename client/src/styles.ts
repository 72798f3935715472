/** Shared component styles: buttons, inputs, badges. Tokens come from global.css. */
import { css } from 'lit';

export const base = css`
  :host {
    font-family: var(--cr-font);
    color: var(--cr-text);
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    height: 32px;
    padding: 0 12px;
    border: 1px solid var(--cr-border-strong);
    border-radius: 6px;
    background: var(--cr-surface);
    cursor: pointer;
    white-space: nowrap;
    font-size: 13px;
  }
  .btn:hover:not(:disabled) {
    background: #f0f2f5;
  }
  .btn:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .btn:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--cr-accent);
    outline-offset: 1px;
  }
  .btn.primary {
    background: var(--cr-accent);
    border-color: var(--cr-accent);
    color: #fff;
  }
  .btn.primary:hover:not(:disabled) {
    background: #1e40af;
  }
  .btn.danger {
    color: var(--cr-danger);
  }
  .btn.ghost {
    border-color: transparent;
    background: transparent;
  }
  .btn.ghost:hover:not(:disabled) {
    background: rgb(0 0 0 / 5%);
  }
  .btn.small {
    height: 26px;
    padding: 0 8px;
    font-size: 12px;
  }
  .input {
    height: 34px;
    padding: 0 10px;
    border: 1px solid var(--cr-border-strong);
    border-radius: 6px;
    background: var(--cr-surface);
    min-width: 0;
  }
  .error {
    color: var(--cr-danger);
    background: var(--cr-danger-soft);
    border-radius: 6px;
    padding: 8px 10px;
    font-size: 13px;
  }
  .muted {
    color: var(--cr-muted);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** A modal <dialog>: a card over the dimmed page (new report, import, history). */
export const modal = css`
  dialog {
    border: 0;
    border-radius: 12px;
    box-shadow: 0 24px 60px rgb(16 24 40 / 24%);
    color: var(--cr-text);
  }
  dialog::backdrop {
    background: rgb(16 24 40 / 45%);
  }
`;

/** A wide modal laid out as a column, its own parts scrolling inside it (import, history). */
export const wideModal = css`
  dialog {
    width: min(1120px, 95vw);
    height: min(800px, 92vh);
    padding: 0;
    overflow: hidden;
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
`;

/** Status badge colours, one class per section status. */
export const badges = css`
  .badge {
    display: inline-flex;
    align-items: center;
    height: 20px;
    padding: 0 7px;
    border-radius: 10px;
    font-size: 12px;
    white-space: nowrap;
    background: #eef0f3;
    color: var(--cr-muted);
  }
  .badge.drafting {
    background: var(--cr-accent-soft);
    color: var(--cr-accent);
  }
  .badge.submitted {
    background: var(--cr-warn-soft);
    color: var(--cr-warn);
  }
  .badge.approved {
    background: var(--cr-ok-soft);
    color: var(--cr-ok);
  }
  .badge.returned {
    background: var(--cr-danger-soft);
    color: var(--cr-danger);
  }
`;
