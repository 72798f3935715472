import type { Notification, NotificationStore } from '../storage/notifications.ts';

type Listener = (notification: Notification) => void;

/** Stores notifications and pushes them to the user's open live streams (SSE). */
export class NotificationHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly store: NotificationStore) {}

  /** Notifies each user once, whatever number of reasons they have. */
  notify(userIds: Iterable<string>, make: (userId: string) => Parameters<NotificationStore['add']>[0]): void {
    for (const userId of new Set(userIds)) {
      const notification = this.store.add(make(userId));
      for (const listener of this.listeners.get(userId) ?? []) listener(notification);
    }
  }

  /** Subscribes to a user's new notifications; returns the unsubscribe function. */
  subscribe(userId: string, listener: Listener): () => void {
    const set = this.listeners.get(userId) ?? new Set<Listener>();
    this.listeners.set(userId, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }
}
