/**
 * Per-user allowances for writes that are cheap to send but grow a report for good (docs/enforcement.md
 * "Client ids and format restores"). Counted per user and report, across sockets and room reloads.
 */
export interface WriteQuotas {
  /**
   * New Yjs client ids one update may bring. A browser tab writes under one id per session; an update
   * brings several only after offline sessions (each reload is a new id), so a handful is plenty.
   */
  newClientIdsPerMessage: number;
  /**
   * New client ids (first edit or first presence under an id) a user may add to a report per hour, at
   * most this many at once. Every id stays in the report's state vector, sent with every sync and ack,
   * and in `client_ids`, forever. Over it: close 1013, the client retries later with its edits kept.
   */
  newClientIdsPerHour: number;
  /**
   * Formatting runs the server may restore per hour for one user's deletions of format markers in text
   * that user may not write (see format-markers.ts); each restore adds markers for good. Over it: the
   * deletion is refused like any other write the user may not make.
   */
  formatRestoresPerHour: number;
}

export const DEFAULT_WRITE_QUOTAS: Readonly<WriteQuotas> = {
  newClientIdsPerMessage: 8,
  newClientIdsPerHour: 30,
  formatRestoresPerHour: 30,
};
