import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { CloseCode, MessageType, SyncStep } from '../../shared/protocol.ts';
import type { Deps } from '../context.ts';
import type { Room } from '../rooms/room.ts';
import { NotOwner } from '../storage/postgres/doc-store.ts';
import type { Admission } from './authenticate.ts';
import type { Heartbeat } from './heartbeat.ts';
import { InboundQueue } from './inbound-queue.ts';
import { SocketConnection } from './socket-connection.ts';
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
 * idle connection keeps this for its whole life, and methods on the prototype cost nothing per socket.
 */
export class SocketSession {
  private conn: SocketConnection | null = null;
  private room: Room | null = null;
  private inbound: InboundQueue | null = null;
  /** The report is being loaded (`RoomRegistry.open`): the room is not joined yet. */
  private loading = false;
  /** Forgets the logout closer (session-closers.ts) once the socket closed anyway. */
  private forgetSession: (() => void) | null = null;

  constructor(
    private readonly deps: Deps,
    private readonly heartbeat: Heartbeat<WebSocket>,
    private readonly reportId: string,
    private readonly admission: Admission,
    private readonly acks: boolean,
    /** Gives the socket slot back (idempotent). */
    private readonly release: () => void,
    /**
     * The TCP socket: its close gives the slot back however the upgrade ends (refused, aborted), until
     * the WebSocket is open; from then on the WebSocket's close does.
     */
    private tcp: Socket | null,
  ) {
    if (tcp) tcp.on('close', release);
    else release();
  }

  /** The upgrade completed: `socket` is open. */
  open(socket: WebSocket): void {
    // From here the WebSocket's close (which follows the TCP socket's) releases the slot, so the TCP
    // socket keeps no listener of ours for the connection's whole life.
    this.tcp?.off('close', this.release);
    this.tcp = null;
    socket.on('close', () => this.closed(socket));
    // ws reports a protocol error (bad frame, over maxPayload) and then closes: the close is what counts.
    socket.on('error', ignoreSocketError);
    const { admission } = this;
    if (!admission.ok) {
      socket.close(admission.code, admission.reason);
      setTimeout(() => socket.terminate(), REFUSED_CLOSE_MS).unref();
      return;
    }
    const { maxBufferedBytes } = this.deps.config;
    this.conn = new SocketConnection(socket, admission.user, admission.role, this.acks, maxBufferedBytes);
    this.heartbeat.watch(socket);
    // Frames are taken from `ws` as it hands them over (a Buffer), no copy, no MessageEvent.
    const { maxUpdateBytes } = this.deps.config;
    const conn = this.conn;
    this.inbound = new InboundQueue(
      socket,
      (data) => this.take(socket, data),
      2 * maxUpdateBytes + MiB,
      () => conn.close(CloseCode.policyViolation, 'frames sent past flow control'),
    );
    socket.on('message', (data: Buffer, isBinary: boolean) => this.receive(socket, data, isBinary));
    // Logging out ends the session's sockets: 4401 (final), reconnecting with it cannot help.
    this.forgetSession = this.deps.sessions.hold(admission.tokenHash, () =>
      conn.close(CloseCode.notAuthenticated, 'signed out'),
    );
    // A large report loads over several turns: frames arriving meanwhile wait in the inbound queue,
    // in order (the socket paused), and go to the room once it has joined.
    this.loading = true;
    this.deps.rooms.open(this.reportId).then(
      () => this.join(conn),
      (err: unknown) => this.refuseJoin(conn, err),
    );
  }

  private join(conn: SocketConnection): void {
    this.loading = false;
    if (this.conn !== conn) return; // closed while the report was loading
    try {
      this.room = this.deps.rooms.connect(this.reportId, conn);
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

  private receive(socket: WebSocket, data: Buffer, isBinary: boolean): void {
    const { conn, inbound } = this;
    // Frames still arriving on a socket the room has refused (closing) are not processed.
    if (!conn || !(this.room || this.loading) || !inbound || socket.readyState !== OPEN) return;
    if (!isBinary) conn.close(CloseCode.unsupportedData, 'binary frames only');
    // `ws` admits frames up to MAX_UPDATE_BYTES, for edits (a long offline session, a big paste);
    // anything else is held to MAX_MESSAGE_BYTES.
    else if (data.length > this.deps.config.maxMessageBytes && !isEdit(data))
      conn.close(CloseCode.tooLarge, 'message too large');
    else inbound.push(data);
  }

  /** Offers one frame to the room (see InboundQueue); 0 once it is handled. */
  private take(socket: WebSocket, data: Uint8Array): number {
    const { conn, room } = this;
    if (this.loading && conn && socket.readyState === OPEN) return LOADING_RETRY_MS;
    if (!conn || !room || socket.readyState !== OPEN) return 0;
    return room.receive(conn, data);
  }

  private closed(socket: WebSocket): void {
    this.release();
    this.forgetSession?.();
    this.forgetSession = null;
    this.heartbeat.forget(socket);
    this.inbound?.dispose();
    this.inbound = null;
    if (this.conn && this.room) this.deps.rooms.disconnect(this.room, this.conn);
    this.conn = null;
    this.room = null;
  }
}

/** Whether a frame is a sync step 2 or update message, by its tag bytes. */
function isEdit(data: Uint8Array): boolean {
  return data[0] === MessageType.sync && (data[1] === SyncStep.step2 || data[1] === SyncStep.update);
}
