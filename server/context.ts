import type { SessionClosers } from './auth/session-closers.ts';
import type { Config } from './config.ts';
import type { History } from './history/history.ts';
import type { NotificationHub } from './notifications/hub.ts';
import type { RoomRegistry } from './rooms/registry.ts';
import type { Stores } from './storage/index.ts';
import type { User } from './storage/types.ts';

/** What every route needs: settings, storage and the live rooms. */
export interface Deps {
  config: Config;
  stores: Stores;
  rooms: RoomRegistry;
  notifications: NotificationHub;
  /** Section versions (docs/history.md). */
  history: History;
  /** Sockets and streams open under each session, closed on logout. */
  sessions: SessionClosers;
}

/** Hono environment: the signed-in user, set by `requireUser`. */
export type AppEnv = { Variables: { user: User; token: string } };
