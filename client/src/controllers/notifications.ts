/**
 * The signed-in user's notifications: the unread count and new notices, live over Server-Sent
 * Events (`/api/notifications/stream`, the session cookie authenticates it). EventSource
 * reconnects by itself; every `ready` event carries the current unread count.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { api, type Notice, type User } from '../api.ts';

export class NotificationsController implements ReactiveController {
  unread = 0;
  /** The newest notice that arrived live, until dismissed (shown as a toast). */
  latest: Notice | null = null;
  private source: EventSource | null = null;
  private names = new Map<string, string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onNotice: (n: Notice) => void = () => undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Listen for `user` (or stop, for null). */
  start(user: User | null): void {
    this.stop();
    if (!user) return;
    const source = new EventSource('/api/notifications/stream');
    source.addEventListener('ready', (e) => {
      this.unread = Number(JSON.parse((e as MessageEvent<string>).data).unread) || 0;
      this.host.requestUpdate();
    });
    source.addEventListener('notification', (e) => {
      const notice = JSON.parse((e as MessageEvent<string>).data) as Notice;
      this.unread++;
      this.latest = notice;
      void this.loadNames(notice.actorId).then(() => this.host.requestUpdate());
      this.onNotice(notice);
      this.host.requestUpdate();
    });
    this.source = source;
  }

  stop(): void {
    this.source?.close();
    this.source = null;
    this.unread = 0;
    this.latest = null;
  }

  dismiss(): void {
    this.latest = null;
    this.host.requestUpdate();
  }

  /** Mark notices read (all without ids) and lower the count to match. */
  async markRead(ids?: number[]): Promise<void> {
    await api.markRead(ids).catch(() => undefined);
    this.unread = ids ? Math.max(0, this.unread - ids.length) : 0;
    this.host.requestUpdate();
  }

  /** Display name of a user id ('' while unknown). */
  nameOf(userId: string | null): string {
    return (userId && this.names.get(userId)) || '';
  }

  /** Fetch user names once, and again when an unknown actor shows up. */
  async loadNames(actorId: string | null = null): Promise<void> {
    if (this.names.size > 0 && (!actorId || this.names.has(actorId))) return;
    try {
      const { users } = await api.users();
      this.names = new Map(users.map((u) => [u.id, u.displayName || u.username]));
    } catch {
      // Names are a nicety; the notice still shows with a generic actor.
    }
  }
}
