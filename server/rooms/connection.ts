import type { Role } from '../../shared/layout.ts';
import type { User } from '../storage/types.ts';

/** One client of a room, as the room sees it: no sockets here, so rooms can be tested without them. */
export interface Connection {
  readonly user: User;
  /** Live: lowered or raised by the members API while the socket is open. */
  role: Role;
  /** Whether the client asked for durable acks (`?acks=1`). */
  readonly acks: boolean;
  /** The one awareness client id this connection may speak for, bound on first use. */
  awarenessClientId: number | null;
  send(message: Uint8Array): void;
  /** Holds sent messages until `uncork`, so a turn's messages leave in one write (calls nest). */
  cork(): void;
  uncork(): void;
  close(code: number, reason: string): void;
}
