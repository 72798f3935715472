import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Role } from '../../shared/layout.ts';
import { CloseCode } from '../../shared/protocol.ts';
import type { Connection } from '../rooms/connection.ts';
import type { User } from '../storage/types.ts';
import { frameOf } from './frame.ts';

/** What `rawSocket` reads of ws 8's internals. */
interface WsInternals {
  _socket?: Socket;
  _sender?: { _state: number };
  _extensions?: Record<string, unknown>;
}
/** ws's Sender state DEFAULT: nothing being compressed or read, so nothing queued behind it. */
const SENDER_IDLE = 0;

/** A `Connection` over a `ws` socket, with a cap on queued outbound bytes (liveness: heartbeat.ts). */
export class SocketConnection implements Connection {
  awarenessClientId: number | null = null;

  constructor(
    private readonly socket: WebSocket,
    readonly user: User,
    public role: Role,
    readonly acks: boolean,
    private readonly maxBufferedBytes: number,
  ) {}

  send(message: Uint8Array): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      // A reader this slow would make the server hold unbounded memory; it can resync on reconnect.
      this.socket.close(CloseCode.tryAgainLater, 'too slow: outbound queue full');
      setTimeout(() => this.socket.terminate(), 1000).unref();
      return;
    }
    const raw = this.rawSocket();
    if (raw === null) {
      this.socket.send(message);
      return;
    }
    for (const part of frameOf(message)) raw.write(part);
  }

  /**
   * The TCP socket when a frame may be written to it directly: `ws` has nothing queued (its sender is
   * idle: no compression or blob read in progress) and no extension changes frames (permessage-deflate
   * is off on this server). Otherwise null, and `ws` frames the message itself.
   */
  private rawSocket(): Socket | null {
    const ws = this.socket as unknown as WsInternals;
    if (ws._sender?._state !== SENDER_IDLE || ws._extensions?.['permessage-deflate']) return null;
    return ws._socket ?? null;
  }

  // ws writes each frame as its own corked pair; corking the TCP socket around a turn's frames turns
  // them into one writev. `_socket` is ws's underlying net.Socket (absent once the socket is gone).
  cork(): void {
    (this.socket as unknown as WsInternals)._socket?.cork();
  }

  uncork(): void {
    (this.socket as unknown as WsInternals)._socket?.uncork();
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.CLOSED || this.socket.readyState === this.socket.CLOSING)
      return;
    this.socket.close(code, reason);
    // A peer that never answers the close handshake must not keep the socket.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }
}
