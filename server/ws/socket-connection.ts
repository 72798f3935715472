import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Role } from '../../shared/layout.ts';
import { CloseCode } from '../../shared/protocol.ts';
import type { Connection } from '../rooms/connection.ts';
import type { User } from '../storage/types.ts';

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
    this.socket.send(message);
  }

  // ws writes each frame as its own corked pair; corking the TCP socket around a turn's frames turns
  // them into one writev. `_socket` is ws's underlying net.Socket (absent once the socket is gone).
  cork(): void {
    (this.socket as unknown as { _socket?: Socket })._socket?.cork();
  }

  uncork(): void {
    (this.socket as unknown as { _socket?: Socket })._socket?.uncork();
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.CLOSED || this.socket.readyState === this.socket.CLOSING)
      return;
    this.socket.close(code, reason);
    // A peer that never answers the close handshake must not keep the socket.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }
}
