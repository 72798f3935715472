import type { Notification, NotificationStore } from '../storage/notifications.ts';

type Listener = (notification: Notification) => void;

/** Cluster mode, per user with an open stream on this node: what has been pushed to it. */
interface Pushed {
  /** Every notification up to this id was stored before the stream opened, or has been pushed. */
  upTo: number;
  /** Ids above `upTo` pushed already (they may commit, and be announced, out of order). */
  ids: Set<number>;
}

/** Ids kept per user before `upTo` moves up to the newest of them. */
const PUSHED_KEPT = 100;

/**
 * Stores notifications and pushes them to the user's open live streams (SSE).
 *
 * On one node (`local`) a notification is pushed as it is stored. In cluster mode (`database`) the
 * user's stream may be open on another node: every node is told of each stored notification by
 * PostgreSQL (`stored`, from cluster/notification-fanout.ts), this one included, and pushes those of
 * users with a stream here; `catchUp` pushes what was stored while that announcement channel was down.
 */
export class NotificationHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly pushed = new Map<string, Pushed>();

  constructor(
    private readonly store: NotificationStore,
    private readonly fanOut: 'local' | 'database' = 'local',
  ) {}

  /** Notifies each user once, whatever number of reasons they have. */
  notify(userIds: Iterable<string>, make: (userId: string) => Parameters<NotificationStore['add']>[0]): void {
    for (const userId of new Set(userIds)) {
      const notification = this.store.add(make(userId));
      if (this.fanOut === 'local') this.push(userId, notification);
    }
  }

  /** Cluster mode: notification `id` of `userId` was stored (by any node). */
  stored(userId: string, id: number): void {
    const pushed = this.pushed.get(userId);
    if (!pushed || id <= pushed.upTo || pushed.ids.has(id)) return;
    const notification = this.store.byId(userId, id);
    if (notification) this.pushOnce(userId, pushed, notification);
  }

  /** Cluster mode: pushes what every user with a stream here missed (announcements were lost). */
  catchUp(): void {
    for (const [userId, pushed] of this.pushed) {
      for (const notification of this.store.after(userId, pushed.upTo)) {
        if (!pushed.ids.has(notification.id)) this.pushOnce(userId, pushed, notification);
      }
    }
  }

  /** Subscribes to a user's new notifications; returns the unsubscribe function. */
  subscribe(userId: string, listener: Listener): () => void {
    const set = this.listeners.get(userId) ?? new Set<Listener>();
    this.listeners.set(userId, set);
    set.add(listener);
    if (this.fanOut === 'database' && !this.pushed.has(userId)) {
      this.pushed.set(userId, { upTo: this.store.lastId(userId), ids: new Set() });
    }
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.listeners.delete(userId);
      this.pushed.delete(userId);
    };
  }

  private pushOnce(userId: string, pushed: Pushed, notification: Notification): void {
    pushed.ids.add(notification.id);
    if (pushed.ids.size > PUSHED_KEPT) {
      pushed.upTo = Math.max(...pushed.ids);
      pushed.ids.clear();
    }
    this.push(userId, notification);
  }

  private push(userId: string, notification: Notification): void {
    for (const listener of this.listeners.get(userId) ?? []) listener(notification);
  }
}
