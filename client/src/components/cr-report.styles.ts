/** Styles of cr-report: notices, sidebar and the document column (the toolbar has its own). */
import { css } from 'lit';
import { base } from '../styles.ts';

export const reportStyles = [
  base,
  css`
    :host {
      display: flex;
      flex-direction: column;
      flex: 1;
      min-height: 0;
    }
    h1 {
      font-size: 17px;
      margin: 0;
      max-width: 40vw;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .notice {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 12px;
      padding: 6px 20px;
      font-size: 13px;
      background: var(--cr-danger-soft);
      color: var(--cr-danger);
      border-bottom: 1px solid #f3c9c4;
    }
    .notice.info {
      background: var(--cr-accent-soft);
      color: var(--cr-accent);
      border-color: #c9d6f5;
    }
    .layout {
      flex: 1;
      display: grid;
      grid-template-columns: 270px 1fr;
      min-height: 0;
    }
    .layout.with-comments {
      grid-template-columns: 270px 1fr 330px;
    }
    cr-comments {
      border-left: 1px solid var(--cr-border);
      background: #fafbfc;
      overflow-y: auto;
      min-height: 0;
      padding: 12px 12px 24px;
    }
    cr-sidebar {
      border-right: 1px solid var(--cr-border);
      background: #fafbfc;
      overflow-y: auto;
      min-height: 0;
      padding: 12px 12px 24px;
    }
    .doc {
      overflow-y: auto;
      min-height: 0;
      padding: 20px 28px 80px;
      display: flex;
      flex-direction: column;
      gap: 14px;
    }
    .doc > * {
      width: 100%;
      max-width: 860px;
      margin: 0 auto;
    }
    .empty {
      text-align: center;
      padding: 56px 20px;
      color: var(--cr-muted);
      background: var(--cr-surface);
      border: 1px dashed var(--cr-border-strong);
      border-radius: 10px;
    }
    .empty strong {
      display: block;
      color: var(--cr-text);
      font-size: 15px;
      margin-bottom: 4px;
    }
    .center {
      text-align: center;
    }
    @media (max-width: 1180px) {
      .layout.with-comments {
        grid-template-columns: 240px 1fr 300px;
      }
    }
    @media (max-width: 860px) {
      .layout,
      .layout.with-comments {
        display: block;
        overflow-y: auto;
      }
      cr-comments {
        border-left: 0;
        border-top: 1px solid var(--cr-border);
      }
      cr-sidebar {
        border-right: 0;
        border-bottom: 1px solid var(--cr-border);
      }
      .doc {
        padding: 16px;
      }
    }
    /* Phones: the comments as a sheet over the lower part of the screen (the toolbar: cr-report-toolbar). */
    @media (max-width: 600px) {
      .doc {
        padding: 12px 8px 60vh;
      }
      cr-sidebar {
        max-height: 45vh;
      }
      cr-comments {
        position: fixed;
        left: 0;
        right: 0;
        bottom: 0;
        height: 60vh;
        z-index: 40;
        border-top: 1px solid var(--cr-border-strong);
        border-radius: 14px 14px 0 0;
        box-shadow: 0 -12px 32px rgb(16 24 40 / 18%);
        background: var(--cr-surface);
      }
    }
      .print-title {
      display: none;
      text-align: center;
      font-size: 20px;
      margin: 0 0 18px;
      max-width: none;
      white-space: normal;
    }
    /* Print: the report text only, as a document. */
    @media print {
      .notice,
      cr-sidebar,
      cr-comments {
        display: none;
      }
      .layout,
      .layout.with-comments {
        display: block;
      }
      .doc {
        overflow: visible;
        padding: 0;
        gap: 0;
      }
      .doc > * {
        max-width: none;
      }
      .print-title {
        display: block;
      }
    }
`,
];
