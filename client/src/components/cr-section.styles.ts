/** Styles of cr-section, including the ProseMirror/Tiptap base rules (no injected CSS in shadow roots). */
import { css } from 'lit';
import { badges, base } from '../styles.ts';

export const sectionStyles = [
  base,
  badges,
  css`
    :host {
      display: block;
      scroll-margin-top: 16px;
    }
    section {
      background: var(--cr-surface);
      border: 1px solid var(--cr-border);
      border-radius: 10px;
      padding: 16px 22px 14px;
    }
    /* Sub-sections sit indented under their parent, as in the outline. */
    section.level-2 {
      margin-left: 20px;
    }
    section.level-3 {
      margin-left: 40px;
    }
    section.level-4 {
      margin-left: 56px;
    }
    :host([active]) section {
      border-color: #b9c8f3;
      box-shadow: 0 0 0 3px var(--cr-accent-soft);
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 12px;
    }
    .title-row {
      display: flex;
      align-items: center;
      gap: 10px;
      min-width: 0;
      flex: 1 1 280px;
    }
    .title {
      font-weight: 600;
      font-size: 17px;
    }
    .level-2 .title {
      font-size: 15.5px;
    }
    .level-3 .title,
    .level-4 .title {
      font-size: 14.5px;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
    }
    .chip {
      font-size: 12px;
      padding: 1px 8px;
      border-radius: 10px;
      background: #f0f2f5;
      border: 1px solid var(--cr-border);
    }
    .due.overdue {
      color: var(--cr-danger);
      font-weight: 600;
    }
    .small {
      font-size: 12px;
    }
    .actions {
      display: flex;
      gap: 6px;
      margin-left: auto;
    }
    .return {
      display: flex;
      gap: 6px;
      margin-top: 10px;
    }
    .return .input {
      flex: 1;
      height: 28px;
    }
    .note,
    .error {
      margin-top: 10px;
    }
    .note {
      font-size: 13px;
      padding: 8px 10px;
      border-radius: 6px;
      background: var(--cr-danger-soft);
      color: var(--cr-danger);
    }
    .body {
      margin-top: 10px;
      position: relative;
    }
    .tools {
      margin: -2px 0 4px -6px;
    }
    .comment-pick {
      position: absolute;
      z-index: 2;
      box-shadow: var(--cr-shadow);
    }
    .lock {
      display: inline-block;
      font-size: 12px;
      color: var(--cr-muted);
      background: #f3f4f6;
      border-radius: 4px;
      padding: 1px 8px;
      margin-bottom: 6px;
    }
    .lock::before {
      content: '';
      display: inline-block;
      width: 10px;
      height: 11px;
      margin-right: 5px;
      vertical-align: -1px;
      background: currentColor;
      /* A padlock; emoji fonts are not a given on office machines. */
      mask: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 11'%3E%3Cpath d='M2 5V3.5a3 3 0 0 1 6 0V5h.5a.5.5 0 0 1 .5.5v5a.5.5 0 0 1-.5.5h-7a.5.5 0 0 1-.5-.5v-5a.5.5 0 0 1 .5-.5zm1.3 0h3.4V3.5a1.7 1.7 0 0 0-3.4 0z'/%3E%3C/svg%3E")
        center / contain no-repeat;
    }
    .body.writable .editor {
      border-radius: 6px;
      outline: 1px dashed transparent;
    }
    .body.writable .editor:hover {
      outline-color: var(--cr-border-strong);
    }

    .fallback {
      white-space: pre-wrap;
      color: var(--cr-muted);
      font-size: 15px;
      line-height: 1.85;
      padding: 2px 4px;
    }

    /* ProseMirror base rules (what Tiptap would inject into document.head). */
    .ProseMirror {
      position: relative;
      word-wrap: break-word;
      white-space: pre-wrap;
      white-space: break-spaces;
      font-variant-ligatures: none;
      font-feature-settings: 'liga' 0;
      outline: none;
      min-height: 2.2em;
      padding: 2px 4px;
      font-size: 15px;
      line-height: 1.85;
    }
    .ProseMirror [contenteditable='false'] {
      white-space: normal;
    }
    .ProseMirror p {
      margin: 0 0 0.5em;
      text-indent: 2em;
    }
    .ProseMirror h1,
    .ProseMirror h2,
    .ProseMirror h3,
    .ProseMirror h4 {
      font-size: 15px;
      margin: 0.6em 0 0.3em;
    }
    .ProseMirror ul,
    .ProseMirror ol {
      padding-left: 2em;
      margin: 0 0 0.5em;
    }
    .ProseMirror li p {
      text-indent: 0;
    }
    /* 落款: the signer and date on the right, as printed and exported (GB/T 9704 §7.3.5). */
    :host([data-print='signature']) .ProseMirror p {
      text-align: right;
      text-indent: 0;
      padding-right: 4em;
    }
    /* Tables (shared/table-nodes.ts); the cell selection as prosemirror-tables marks it. */
    .ProseMirror table {
      border-collapse: collapse;
      table-layout: fixed;
      width: 100%;
      margin: 0 0 0.5em;
    }
    .ProseMirror td,
    .ProseMirror th {
      border: 1px solid var(--cr-border-strong);
      padding: 2px 6px;
      vertical-align: top;
      position: relative;
      min-width: 2em;
    }
    .ProseMirror th {
      font-weight: 600;
      background: #f6f7f9;
    }
    .ProseMirror td p,
    .ProseMirror th p {
      text-indent: 0;
      margin: 0;
    }
    .ProseMirror .selectedCell::after {
      content: '';
      position: absolute;
      inset: 0;
      background: rgb(37 99 235 / 15%);
      pointer-events: none;
    }
    .ProseMirror blockquote {
      border-left: 3px solid var(--cr-border-strong);
      margin: 0 0 0.5em;
      padding-left: 12px;
      color: var(--cr-muted);
    }
    .ProseMirror pre {
      background: #f6f7f9;
      padding: 8px 12px;
      border-radius: 6px;
      white-space: pre-wrap;
    }
    .ProseMirror-hideselection *::selection {
      background: transparent;
    }
    .ProseMirror-gapcursor {
      display: none;
      pointer-events: none;
      position: absolute;
    }
    .ProseMirror-focused .ProseMirror-gapcursor {
      display: block;
    }
    .ProseMirror p.cr-empty::before {
      content: attr(data-hint);
      float: left;
      height: 0;
      color: var(--cr-faint);
      pointer-events: none;
    }

    /* Placeholders still to fill in. */
    .cr-placeholder {
      background: var(--cr-mark);
      border-bottom: 2px solid #f0b400;
      border-radius: 2px;
    }

    /* Commented ranges; the selected thread stronger, a comment being written dashed. */
    /* Suggestions (修订): deletions struck through, insertions underlined in the suggester's colour. */
    .cr-sugg-del {
      text-decoration: line-through;
      text-decoration-color: #c92a2a;
      color: #a61e4d;
    }
    .cr-sugg-ins {
      color: var(--sugg-color, #1971c2);
      text-decoration: underline;
      text-decoration-color: var(--sugg-color, #1971c2);
      text-underline-offset: 3px;
    }
    .cr-sugg-del.outdated,
    .cr-sugg-ins.outdated {
      color: #868e96;
      text-decoration-color: #adb5bd;
    }
    .body.suggesting .editor {
      outline: 2px dashed #f59f00;
      outline-offset: 4px;
    }
    .suggest-bar {
      display: flex;
      gap: 8px;
      align-items: center;
      flex-wrap: wrap;
      margin: 6px 0;
      font-size: 13px;
    }
    .cr-comment {
      background: rgb(250 204 21 / 22%);
      border-bottom: 2px solid rgb(234 179 8 / 70%);
      cursor: pointer;
    }
    .cr-comment.active {
      background: rgb(250 204 21 / 45%);
      border-bottom-color: #ca8a04;
    }
    .cr-comment.draft {
      background: var(--cr-accent-soft);
      border-bottom: 2px dashed var(--cr-accent);
    }

    /* Remote carets (y-tiptap default builders). */
    .ProseMirror-yjs-cursor {
      position: relative;
      margin-left: -1px;
      margin-right: -1px;
      border-left: 1px solid black;
      border-right: 1px solid black;
      border-color: orange;
      word-break: normal;
      pointer-events: none;
    }
    .ProseMirror-yjs-cursor > div {
      position: absolute;
      top: -1.3em;
      left: -1px;
      font-size: 12px;
      line-height: normal;
      text-indent: 0;
      font-weight: 500;
      white-space: nowrap;
      color: #fff;
      padding: 0 4px;
      border-radius: 3px 3px 3px 0;
      user-select: none;
    }
  
    @media print {
      section,
      :host([active]) section {
        border: 0;
        box-shadow: none;
        padding: 0 0 8px;
        margin-left: 0;
      }
      .badge,
      .meta,
      .actions,
      .tools,
      .lock,
      .note,
      .comment-pick,
      cr-presence,
      cr-section-settings,
      .ProseMirror-yjs-cursor {
        display: none;
      }
      .cr-placeholder,
      .cr-comment {
        background: none;
        border: 0;
      }
      .body.writable .editor {
        outline: 0;
      }
    }
`,
];
