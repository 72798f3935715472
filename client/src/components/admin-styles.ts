/** Shared look of the admin page's panels (users, groups, invites). */
import { css } from 'lit';

export const adminPanel = css`
  :host {
    display: block;
    font-size: 13px;
  }
  h2 {
    font-size: 16px;
    margin: 0 0 10px;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li.row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
    padding: 8px 4px;
    border-bottom: 1px solid var(--cr-border);
  }
  .grow {
    flex: 1 1 200px;
    min-width: 0;
  }
  li.row form.inline {
    margin: 0;
  }
  .tag {
    font-size: 11px;
    padding: 1px 6px;
    border-radius: 999px;
    background: var(--cr-accent-soft, #e8f0fe);
    color: var(--cr-accent);
  }
  form.inline {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 10px 0;
  }
  form.inline .input {
    height: 30px;
    min-width: 0;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 2px;
    padding: 1px 2px 1px 8px;
    border: 1px solid var(--cr-border);
    border-radius: 999px;
  }
  .chip button {
    border: 0;
    background: none;
    cursor: pointer;
    color: var(--cr-muted);
    padding: 0 4px;
  }
  .ok {
    color: var(--cr-ok);
    margin: 6px 0;
  }
  .error {
    margin: 6px 0;
  }
`;
