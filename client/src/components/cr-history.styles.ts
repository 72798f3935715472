import { css } from 'lit';
import { modal, wideModal } from '../styles.ts';

/** The history dialog: version list beside the chosen version; stacked, full screen on a phone. */
export const historyStyles = [
  modal,
  wideModal,
  css`
  header {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 14px 18px;
    border-bottom: 1px solid var(--cr-border);
    flex-wrap: wrap;
  }
  h2 {
    margin: 0;
    font-size: 16px;
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* Last on a wide screen; beside the title on a phone, where the rest wraps below. */
  .close {
    order: 9;
  }
  .name-form {
    display: flex;
    gap: 6px;
    align-items: center;
  }
  .name-form .input {
    width: 140px;
  }
  .panes {
    flex: 1;
    display: grid;
    grid-template-columns: 320px 1fr;
    min-height: 0;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 6px;
    overflow: auto;
    border-right: 1px solid var(--cr-border);
  }
  li button {
    width: 100%;
    text-align: left;
    border: 0;
    background: none;
    padding: 8px 10px;
    border-radius: 7px;
    cursor: pointer;
    display: grid;
    gap: 2px;
  }
  li button:hover {
    background: #f0f2f5;
  }
  li button[aria-current='true'] {
    background: var(--cr-accent-soft);
  }
  .when {
    font-size: 13px;
    font-weight: 600;
  }
  .kind {
    font-size: 12px;
    color: var(--cr-muted);
  }
  .who {
    font-size: 12px;
    display: flex;
    flex-wrap: wrap;
    gap: 2px 8px;
  }
  .who span {
    color: var(--c, var(--cr-muted));
  }
  .plus {
    color: #2b8a3e;
  }
  .minus {
    color: var(--cr-danger);
  }
  .pane {
    display: flex;
    flex-direction: column;
    min-height: 0;
    min-width: 0;
  }
  .pane-head {
    display: flex;
    gap: 6px;
    align-items: center;
    padding: 10px 16px;
    border-bottom: 1px solid var(--cr-border);
    flex-wrap: wrap;
  }
  .pane-head .spacer {
    flex: 1;
  }
  .tabs button[aria-pressed='true'] {
    background: var(--cr-accent-soft);
    border-color: var(--cr-accent);
  }
  .content {
    flex: 1;
    overflow: auto;
    padding: 14px 18px;
    line-height: 1.9;
    font-size: 15px;
  }
  .diff {
    white-space: pre-wrap;
  }
  ins {
    text-decoration: underline 2px;
    text-decoration-color: var(--c);
    background: color-mix(in srgb, var(--c) 14%, transparent);
  }
  del {
    color: var(--cr-danger);
    text-decoration-color: var(--c);
    background: color-mix(in srgb, var(--c) 8%, transparent);
  }
  .block {
    margin: 0 0 0.6em;
  }
  .block.heading {
    font-weight: 600;
  }
  .block.listItem::before {
    content: '• ';
  }
  .msg {
    padding: 8px 16px;
    font-size: 13px;
  }
  .audit li {
    font-size: 13px;
    padding: 4px 0;
  }
  @media (max-width: 700px) {
    dialog {
      width: 100vw;
      max-width: 100vw;
      height: 100dvh;
      max-height: 100dvh;
      border-radius: 0;
    }
    .panes {
      grid-template-columns: 1fr;
      grid-template-rows: minmax(0, 36%) 1fr;
    }
    ol {
      border-right: 0;
      border-bottom: 1px solid var(--cr-border);
    }
    .name-form .input {
      width: 110px;
    }
    h2 {
      flex-basis: calc(100% - 64px);
    }
    .close {
      order: 0;
    }
  }
`,
];
