/**
 * WebSocket protocol constants shared by server and client.
 * Message tags follow y-websocket; close codes are part of the public contract.
 */

export const MessageType = {
  sync: 0,
  awareness: 1,
  /** Opt-in (`?acks=1`): the server's durably stored state vector. Stock clients never see it. */
  ack: 100,
} as const;

export const CloseCode = {
  goingAway: 1001,
  tooLarge: 1009,
  notAuthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  rateLimited: 4429,
} as const;
