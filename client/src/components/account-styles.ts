/** The card look of the small account pages (password change, invite and reset links). */
import { css } from 'lit';

export const accountCard = css`
  :host {
    display: grid;
    place-items: center;
    padding: 8vh 16px;
  }
  .card {
    width: min(400px, 100%);
    background: var(--cr-surface);
    border: 1px solid var(--cr-border);
    border-radius: 12px;
    box-shadow: var(--cr-shadow);
    padding: 26px 26px 20px;
  }
  h1 {
    font-size: 20px;
    margin: 0 0 4px;
  }
  p.lead {
    margin: 0 0 16px;
    color: var(--cr-muted);
    font-size: 13px;
  }
  label {
    display: block;
    font-size: 13px;
    color: var(--cr-muted);
    margin: 12px 0 4px;
  }
  .input {
    width: 100%;
    height: 38px;
  }
  .btn.primary {
    width: 100%;
    height: 38px;
    justify-content: center;
    margin-top: 18px;
  }
  .error,
  .ok {
    margin-top: 14px;
  }
  .ok {
    color: var(--cr-ok);
  }
`;
