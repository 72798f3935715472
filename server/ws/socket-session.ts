import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { CloseCode, MessageType, SyncStep } from '../../shared/protocol.ts';
import type { SessionHolder } from '../auth/session-closers.ts';
import type { Deps } from '../context.ts';
import type { Room } from '../rooms/room.ts';
import { NotOwner } from '../storage/postgres/doc-store.ts';
import type { Admission } from './authenticate.ts';
import type { Heartbeat } from './heartbeat.ts';
import { InboundQueue } from './inbound-queue.ts';
import { SocketConnection } from './socket-connection.ts';
import type { SocketGate } from './socket-limits.ts';
import { ignoreSocketError } from './upgrade.ts';

/** WebSocket readyState OPEN. */
const OPEN = 1;

/** How long a refused socket may take to answer the close handshake before it is cut. */
const REFUSED_CLOSE_MS = 1000;

const MiB = 1024 * 1024;

/** How often frames that arrived while the report was loading are offered again. */
const LOADING_RETRY_MS = 10;

/**
 * One socket of `/ws/:reportId` once upgraded: joins the room (or closes with the admission's refusal),
 * hands it frames, leaves it on close, and gives the socket slot back. A class rather than closures: an
 * idle connection keeps this for its whole life, and methods on the prototype cost nothing per socket
 * (so does the inbound queue, made only when the socket is first held back).
 */
export class SocketSession implements SessionHolder {
  private conn: SocketConnection | null = null;
  private room: Room | null = null;
  /** Frames waiting while the sender is over its budget or the report loads (made the first time). */
  private inbound: InboundQueue | null = null;
  /** The report is being loaded (`RoomRegistry.open`): the room is not joined yet. */
  private loading = false;
  /** Whether this socket still holds its slot in the gate. */
  private slotHeld = true;
  /** Whether the session's logout can end this socket (session-closers.ts). */
  private sessionHeld = false;
  /** Until the WebSocket is open, the TCP socket's close gives the slot back (refused, aborted upgrade). */
  private tcpClosed: (() => void) | null = null;

  constructor(
    private readonly deps: SocketDeps,
    private readonly reportId: string,
    private readonly admission: Admission,
    private readonly acks: boolean,
    /** The address whose slot this socket took (with the user's, when admitted). */
    private readonly ip: string,
    private tcp: Socket | null,
  ) {
    if (tcp) {
      this.tcpClosed = () => this.giveSlotBack();
      tcp.on('close', this.tcpClosed);
    } else this.giveSlotBack();
  }

  /** The upgrade completed: `socket` is open. */
  open(socket: WebSocket): void {
    // From here the WebSocket's close (which follows the TCP socket's) releases the slot, so the TCP
    // socket keeps no listener of ours for the connection's whole life.
    if (this.tcpClosed) this.tcp?.off('close', this.tcpClosed);
    this.tcp = null;
    this.tcpClosed = null;
    socket.on('close', () => this.closed(socket));
    // ws reports a protocol error (bad frame, over maxPayload) and then closes: the close is what counts.
    socket.on('error', ignoreSocketError);
    const { admission } = this;
    if (!admission.ok) {
      socket.close(admission.code, admission.reason);
      setTimeout(() => socket.terminate(), REFUSED_CLOSE_MS).unref();
      return;
    }
    const { config, sessions, rooms } = this.deps.app;
    this.conn = new SocketConnection(
      socket,
      admission.user,
      admission.role,
      this.acks,
      config.maxBufferedBytes,
    );
    this.deps.heartbeat.watch(socket);
    // Frames are taken from `ws` as it hands them over (a Buffer), no copy, no MessageEvent.
    socket.on('message', (data: Buffer, isBinary: boolean) => this.receive(socket, data, isBinary));
    // Logging out ends the session's sockets: 4401 (final), reconnecting with it cannot help.
    sessions.hold(admission.tokenHash, this);
    this.sessionHeld = true;
    // A large report loads over several turns: frames arriving meanwhile wait in the inbound queue,
    // in order (the socket paused), and go to the room once it has joined.
    this.loading = true;
    const conn = this.conn;
    rooms.open(this.reportId).then(
      () => this.join(conn),
      (err: unknown) => this.refuseJoin(conn, err),
    );
  }

  private join(conn: SocketConnection): void {
    this.loading = false;
    if (this.conn !== conn) return; // closed while the report was loading
    try {
      this.room = this.deps.app.rooms.connect(this.reportId, conn);
    } catch (err) {
      this.refuseJoin(conn, err);
    }
  }

  private refuseJoin(conn: SocketConnection, err: unknown): void {
    this.loading = false;
    if (this.conn !== conn) return;
    if (err instanceof NotOwner) {
      // Cluster mode: another node took the report over since this upgrade was routed here; the
      // client reconnects and is routed to it. Expected during a failover: no stack trace.
      conn.close(CloseCode.serviceRestart, 'report moved, reconnect');
    } else {
      // The report could not be loaded (storage failing): say so, rather than leave a silent socket.
      console.error(`coreport: report ${this.reportId} could not be loaded:`, err);
      conn.close(CloseCode.tryAgainLater, 'report unavailable, try again later');
    }
    this.conn = null;
  }

  /** The session was signed out. */
  endSession(): void {
    this.conn?.close(CloseCode.notAuthenticated, 'signed out');
  }

  private receive(socket: WebSocket, data: Buffer, isBinary: boolean): void {
    const { conn, inbound } = this;
    // Frames still arriving on a socket the room has refused (closing) are not processed.
    if (!conn || !(this.room || this.loading) || socket.readyState !== OPEN) return;
    if (!isBinary) conn.close(CloseCode.unsupportedData, 'binary frames only');
    // `ws` admits frames up to MAX_UPDATE_BYTES, for edits (a long offline session, a big paste);
    // anything else is held to MAX_MESSAGE_BYTES.
    else if (data.length > this.deps.app.config.maxMessageBytes && !isEdit(data))
      conn.close(CloseCode.tooLarge, 'message too large');
    else if (inbound?.waiting) inbound.push(data);
    else {
      const wait = this.take(socket, data);
      if (wait === 0) return;
      this.inbound ??= this.queue(socket, conn);
      this.inbound.hold(data, wait);
    }
  }

  private queue(socket: WebSocket, conn: SocketConnection): InboundQueue {
    return new InboundQueue(
      socket,
      (data) => this.take(socket, data),
      2 * this.deps.app.config.maxUpdateBytes + MiB,
      () => conn.close(CloseCode.policyViolation, 'frames sent past flow control'),
    );
  }

  /** Offers one frame to the room (see InboundQueue); 0 once it is handled. */
  private take(socket: WebSocket, data: Uint8Array): number {
    const { conn, room } = this;
    if (this.loading && conn && socket.readyState === OPEN) return LOADING_RETRY_MS;
    if (!conn || !room || socket.readyState !== OPEN) return 0;
    return room.receive(conn, data);
  }

  private giveSlotBack(): void {
    if (!this.slotHeld) return;
    this.slotHeld = false;
    this.deps.gate.release(this.ip, this.admission.ok ? this.admission.user.id : null);
  }

  private closed(socket: WebSocket): void {
    this.giveSlotBack();
    if (this.sessionHeld && this.admission.ok) this.deps.app.sessions.forget(this.admission.tokenHash, this);
    this.sessionHeld = false;
    this.deps.heartbeat.forget(socket);
    this.inbound?.dispose();
    this.inbound = null;
    if (this.conn && this.room) this.deps.app.rooms.disconnect(this.room, this.conn);
    this.conn = null;
    this.room = null;
  }
}

/** What every socket of a server shares: one object, so each session keeps one reference to it. */
export interface SocketDeps {
  app: Deps;
  heartbeat: Heartbeat<WebSocket>;
  gate: SocketGate;
}

/** Whether a frame is a sync step 2 or update message, by its tag bytes. */
function isEdit(data: Uint8Array): boolean {
  return data[0] === MessageType.sync && (data[1] === SyncStep.step2 || data[1] === SyncStep.update);
}
