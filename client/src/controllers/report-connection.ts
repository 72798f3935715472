/**
 * One report's live document: a Y.Doc plus the stock y-websocket provider (cookie auth, durable
 * acks) and a local IndexedDB copy, with the contract's close codes turned into UI state.
 * Re-renders its host when the structure, comments, presence or saved state change, and
 * (throttled) when any text changes, for progress counts.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COMMENTS, META, OUTLINE, SECTIONS } from '../../../shared/layout.ts';
import { CloseCode } from '../../../shared/protocol.ts';
import { userColor } from '../../../shared/user-color.ts';
import type { User } from '../api.ts';
import { retryDelay } from '../doc/backoff.ts';
import { forgetLocally, keepLocally } from '../doc/local-copy.ts';
import {
  mergeVectors,
  type SaveStatus,
  type SaveTracker,
  type StateVector,
  saveStatus,
} from '../doc/saved-state.ts';
import { publishTyping } from '../doc/typing.ts';
import { speakOnlyForSelf, trackSaves } from './provider-hooks.ts';
import { RefusedWork } from './refused-work.ts';

/** Connection state as data, one variant per thing the UI shows differently. */
export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'online' }
  | { kind: 'offline' }
  | { kind: 'unauthorized' }
  | { kind: 'gone'; reason: string }
  | { kind: 'failed'; reason: string };

const wsUrl = (): string => `${location.origin.replace(/^http/, 'ws')}/ws`;
// Repeated 4403s in a short window mean something keeps producing refused writes: stop.
const FORBIDDEN_LIMIT = 3;
const FORBIDDEN_WINDOW_MS = 10_000;
const PROGRESS_THROTTLE_MS = 250;
const SAVED_SETTLE_MS = 400;

/** A refused doc's state and the server's reason, kept until the fresh doc has synced. */
interface Rescue {
  state: Uint8Array;
  reason: string;
}

export class ReportConnection implements ReactiveController {
  doc: Y.Doc | null = null;
  provider: WebsocketProvider | null = null;
  state: ConnectionState = { kind: 'idle' };
  /** True once the first sync with the server completed for the current doc. */
  synced = false;
  /**
   * True when the doc is shown from the browser's copy (IndexedDB) because the server cannot be
   * reached: a reload while offline shows the last state instead of waiting for a sync.
   */
  shownLocally = false;
  /** Last refused write (4403 reason), shown in one line until dismissed. */
  notice: string | null = null;
  /** Text the server refused to store, kept (also across reloads) until the user dismisses it. */
  readonly refused: RefusedWork;
  /** Bumped on structural changes (outline, sections, meta). */
  structureVersion = 0;
  /** Bumped when someone's awareness state (presence, section) changes. */
  presenceVersion = 0;
  /** Bumped on any change to comment threads. */
  commentsVersion = 0;
  /** Bumped (throttled) on any change, for derived counts. */
  contentVersion = 0;
  /** Bumped on every new doc + socket (open, or restart after a refused write). */
  generation = 0;
  /** Whether the server has acknowledged storing everything in the local doc. */
  saved = false;
  /** Whether the current doc was ever connected (to tell "offline" from "connecting"). */
  private everConnected = false;

  private reportId: string | null = null;
  private user: User | null = null;
  private forbiddenAt: number[] = [];
  /** A refusal whose text is not yet kept (the fresh doc has not synced): see keepRefused. */
  private pendingRescue: Rescue | null = null;
  /** What the server has acknowledged storing of the current doc. */
  private saves: SaveTracker | null = null;
  /**
   * What the server acknowledged storing on earlier connections to this report in this page: a
   * refusal or a reopen starts a fresh doc and tracker, and text saved before must not read as unsaved.
   */
  private ackedBefore: StateVector = new Map();
  /** "Try later" closes since the last successful sync, for the backoff. */
  private retries = 0;
  private progressTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private savedTimer: ReturnType<typeof setTimeout> | null = null;
  private teardown: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
    this.refused = new RefusedWork(host);
  }

  hostDisconnected(): void {
    this.close();
  }

  /** Connect to `reportId` as `user`, replacing any previous connection. */
  open(reportId: string, user: User): void {
    const same = this.reportId === reportId && this.user?.id === user.id;
    this.close();
    // Reopening the same report (e.g. the session rechecked when the network came back) keeps
    // what the server already acknowledged: the fresh tracker starts empty.
    if (!same) this.ackedBefore = new Map();
    this.reportId = reportId;
    this.user = user;
    this.forbiddenAt = [];
    this.notice = null;
    this.refused.open(user.id, reportId);
    this.pendingRescue = null;
    this.connect();
  }

  /** Drop the connection and the doc. */
  close(): void {
    this.teardown?.();
    this.teardown = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    if (this.savedTimer) clearTimeout(this.savedTimer);
    this.retryTimer = this.progressTimer = this.savedTimer = null;
    this.provider = null;
    this.doc = null;
    if (this.saves) this.ackedBefore = mergeVectors(this.ackedBefore, this.saves.ackedVector);
    this.saves = null;
    this.synced = false;
    this.shownLocally = false;
    this.state = { kind: 'idle' };
  }

  /** Whether there is a doc to show: synced with the server, or the browser's copy while offline. */
  get ready(): boolean {
    return this.synced || this.shownLocally;
  }

  /** What the status line says about the user's edits. */
  get saveStatus(): SaveStatus {
    return saveStatus({
      connected: this.state.kind === 'online',
      synced: this.synced,
      // Shown from the browser's copy: edits wait for the connection, say so.
      everConnected: this.everConnected || this.shownLocally,
      saved: this.saved,
    });
  }

  dismissNotice(): void {
    this.notice = null;
    this.host.requestUpdate();
  }

  /**
   * After a refusal, once the fresh doc has synced: keep what the refused doc held that the server
   * lacks, and only then delete the browser's copy of it and start a new one. Until this has run the
   * old copy stays in IndexedDB, so a reload meanwhile replays it and ends up here again.
   */
  private keepRefused(rescue: Rescue, doc: Y.Doc, user: User, reportId: string): void {
    this.pendingRescue = null;
    this.refused.keep(rescue.state, rescue.reason, doc);
    void forgetLocally(user.id, reportId).then(() => {
      if (this.doc === doc) keepLocally(doc, user.id, reportId);
    });
    this.host.requestUpdate();
  }

  /**
   * The report is gone (deleted, or we were removed): whatever the server never acknowledged is kept
   * for the report list to show (GONE_REPORTS), then the browser's copy is deleted and the doc closed.
   */
  abandon(reason: string): void {
    const acked = this.saves ? mergeVectors(this.ackedBefore, this.saves.ackedVector) : this.ackedBefore;
    // A refused doc still waiting to be shown (pendingRescue) holds text the fresh doc does not.
    const held = [this.pendingRescue?.state, this.doc ? Y.encodeStateAsUpdate(this.doc) : undefined];
    const states = held.filter((x): x is Uint8Array => x !== undefined);
    if (states.length > 0) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.mergeUpdates(states));
      this.refused.keepGone(doc, acked, reason);
      doc.destroy();
    }
    if (this.user && this.reportId) void forgetLocally(this.user.id, this.reportId);
    this.close();
  }

  private connect(rescue?: Rescue): void {
    if (!this.reportId || !this.user) return;
    const user = this.user;
    const reportId = this.reportId;
    const doc = new Y.Doc();
    this.pendingRescue = rescue ?? null;
    // disableBc: the server checks every write; tabs must not sync around it.
    // acks: the server tells us which state it has stored (docs/api.md, WebSocket).
    // Known offline: no attempt now; the 'online' listener below connects.
    const startOnline = navigator.onLine !== false;
    const provider = new WebsocketProvider(wsUrl(), this.reportId, doc, {
      disableBc: true,
      params: { acks: '1' },
      connect: startOnline,
    });
    const saves = trackSaves(doc, provider, (saved) => {
      // Unsaved shows at once; saved only once it has held a moment, so that steady typing reads
      // 保存中… instead of flickering between the two on every keystroke.
      if (!saved) {
        if (this.savedTimer) clearTimeout(this.savedTimer);
        this.savedTimer = null;
        if (this.saved) {
          this.saved = false;
          this.host.requestUpdate();
        }
      } else if (!this.saved && !this.savedTimer) {
        this.savedTimer = setTimeout(() => {
          this.savedTimer = null;
          this.saved = true;
          this.host.requestUpdate();
        }, SAVED_SETTLE_MS);
      }
    });
    speakOnlyForSelf(provider);
    const stopTyping = publishTyping(doc, provider.awareness);
    // After a refusal the browser's copy holds the refused doc: leave it alone until keepRefused.
    const local = rescue ? null : keepLocally(doc, user.id, reportId);
    let localLoaded = false;
    // The server is out of reach and the browser's copy has the report: show that copy.
    const showLocal = () => {
      if (this.doc !== doc || this.synced || this.shownLocally || !localLoaded) return;
      const unreachable = navigator.onLine === false || this.state.kind === 'offline';
      if (!unreachable || doc.getArray(OUTLINE).length === 0) return;
      this.shownLocally = true;
      this.contentVersion++;
      structure();
    };
    void local?.whenSynced.then(() => {
      localLoaded = true;
      showLocal();
    });
    provider.awareness.setLocalStateField('user', {
      id: this.user.id,
      name: this.user.displayName || this.user.username,
      color: userColor(this.user.id),
    });
    const structure = () => {
      this.structureVersion++;
      this.host.requestUpdate();
    };
    const onUpdate = () => {
      if (this.progressTimer) return;
      this.progressTimer = setTimeout(() => {
        this.progressTimer = null;
        this.contentVersion++;
        this.host.requestUpdate();
      }, PROGRESS_THROTTLE_MS);
    };
    doc.getArray(OUTLINE).observe(structure);
    doc.getMap(SECTIONS).observeDeep(structure);
    doc.getMap(META).observe(structure);
    doc.getMap(COMMENTS).observeDeep(() => {
      this.commentsVersion++;
      this.host.requestUpdate();
    });
    doc.on('update', onUpdate);
    provider.awareness.on('change', () => {
      this.presenceVersion++;
      this.host.requestUpdate();
    });
    provider.on('status', ({ status }) => {
      if (status === 'connected') this.everConnected = true;
      this.state =
        status === 'connected'
          ? { kind: 'online' }
          : status === 'connecting'
            ? { kind: 'connecting' }
            : { kind: 'offline' };
      showLocal();
      this.host.requestUpdate();
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) this.retries = 0;
      if (synced && !this.synced) {
        this.synced = true;
        if (rescue && this.doc === doc) this.keepRefused(rescue, doc, user, reportId);
        // Counts right away on first load; later edits are throttled.
        this.contentVersion++;
        structure();
      }
    });
    provider.on('closed', (event: { code: number; reason: string }) => this.onTerminalClose(event));
    this.doc = doc;
    this.provider = provider;
    this.generation++;
    this.synced = false;
    this.shownLocally = false;
    this.state = startOnline ? { kind: 'connecting' } : { kind: 'offline' };
    // The browser knows it lost the network long before the socket's watchdog does.
    const offline = () => provider.disconnect();
    const online = () => provider.connect();
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.everConnected = false;
    this.saved = saves.saved;
    this.saves = saves;
    this.teardown = () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      stopTyping();
      provider.destroy();
      doc.destroy();
    };
    this.structureVersion++;
    this.host.requestUpdate();
  }

  /** y-websocket stops by itself on 4400–4499; decide what happens next. */
  private onTerminalClose({ code, reason }: { code: number; reason: string }): void {
    if (code === CloseCode.notAuthenticated) {
      this.close();
      this.state = { kind: 'unauthorized' };
    } else if (code === CloseCode.notFound) {
      this.abandon(reason);
      this.state = { kind: 'gone', reason };
    } else if (code === CloseCode.forbidden) {
      const now = Date.now();
      this.forbiddenAt = [...this.forbiddenAt.filter((at) => now - at < FORBIDDEN_WINDOW_MS), now];
      const user = this.user;
      const reportId = this.reportId;
      // A refusal before the previous one's text was kept: keep both.
      const states = [this.pendingRescue?.state, this.doc ? Y.encodeStateAsUpdate(this.doc) : undefined];
      const kept = states.filter((x): x is Uint8Array => x !== undefined);
      const state = kept.length > 0 ? Y.mergeUpdates(kept) : null;
      this.close();
      this.reportId = reportId;
      this.user = user;
      this.notice = reason || null;
      if (this.forbiddenAt.length >= FORBIDDEN_LIMIT) this.state = { kind: 'failed', reason };
      else if (user && reportId) {
        // The refused write lives in our doc and its local copy: start over from the server's
        // state, keeping what it refused for the user to see (keepRefused) before the copy goes.
        this.connect(state ? { state, reason } : undefined);
      }
    } else {
      // Other 44xx (none today; a newer server's): transient from our point of view; try again later, backing off.
      this.state = { kind: 'offline' };
      this.retryTimer = setTimeout(() => this.provider?.connect(), retryDelay(this.retries++));
    }
    this.host.requestUpdate();
  }
}
