/**
 * Every WebSocket close code the server sends, with what each means to a client. Part of the public
 * contract (docs/enforcement.md "Close codes"; `test/close-codes.test.ts` holds the table, the docs and
 * the server's code to it).
 *
 * y-websocket 3.x's default `shouldReconnect` treats 4400–4499 as final: a stock client closed with one
 * never reconnects, and whatever its user types afterwards reaches nobody. So those are sent only where
 * reconnecting cannot help; everything an honest client could get past by trying again uses 1xxx.
 */
export const CloseCode = {
  goingAway: 1001,
  /** A frame that is not a well-formed y-websocket message. */
  protocolError: 1002,
  /** A text frame: the protocol is binary only. */
  unsupportedData: 1003,
  /** Frames queued past any honest client's reach while the socket was paused for its budget. */
  policyViolation: 1008,
  tooLarge: 1009,
  /** Cluster mode: this node no longer serves the report; reconnect (to the node that does now). */
  serviceRestart: 1012,
  /** Try again later: the client reads too slowly, or the server cannot store updates right now. */
  tryAgainLater: 1013,
  notAuthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
} as const;

export type CloseCodeName = keyof typeof CloseCode;

export interface CloseSemantics {
  meaning: string;
  /** Whether a stock y-websocket 3.x client (default `shouldReconnect`) reconnects after it. */
  stockRetries: boolean;
  /** Whether coreport's own client reconnects after it (client/src/controllers/report-connection.ts). */
  oursRetries: boolean;
}

export const CLOSE_SEMANTICS: Record<CloseCodeName, CloseSemantics> = {
  goingAway: { meaning: 'server shutting down', stockRetries: true, oursRetries: true },
  protocolError: {
    meaning: 'malformed message (bad framing, unknown message type, bad state vector or awareness update)',
    stockRetries: true,
    oursRetries: true,
  },
  unsupportedData: { meaning: 'text frame (the protocol is binary)', stockRetries: true, oursRetries: true },
  policyViolation: {
    meaning: 'frames kept coming while the socket was paused for its budget (no TCP client does this)',
    stockRetries: true,
    oursRetries: true,
  },
  tooLarge: {
    meaning: 'an edit larger than `MAX_UPDATE_BYTES`, or another message larger than `MAX_MESSAGE_BYTES`',
    stockRetries: true,
    oursRetries: true,
  },
  serviceRestart: {
    meaning: 'cluster mode: this node no longer serves the report (another node took it over); reconnect',
    stockRetries: true,
    oursRetries: true,
  },
  tryAgainLater: {
    meaning:
      'try again later: this client reads too slowly (outbound queue over `MAX_BUFFERED_BYTES`), or the server cannot load or store the report right now, or this user added too many new client ids to the report this hour',
    stockRetries: true,
    oursRetries: true,
  },
  notAuthenticated: {
    meaning: 'not authenticated (no/bad token, or a cookie without an allowed Origin)',
    stockRetries: false,
    oursRetries: false,
  },
  forbidden: {
    meaning: 'update refused; the reason names what (e.g. `update refused: section s1 is approved (locked)`)',
    stockRetries: false,
    oursRetries: true,
  },
  notFound: {
    meaning: 'no such report, not a member, removed from the report, or the report was deleted',
    stockRetries: false,
    oursRetries: false,
  },
};

/** The only codes that may be final for a stock client: reconnecting cannot change the answer. */
export const FINAL_CLOSE_CODES: readonly number[] = [
  CloseCode.notAuthenticated,
  CloseCode.forbidden,
  CloseCode.notFound,
];
