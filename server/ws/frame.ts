/**
 * A binary message framed once as a server WebSocket frame (RFC 6455: FIN + binary opcode, unmasked,
 * length), for writing straight to the TCP socket. A room sends the same message object to every
 * recipient in a row, so the last one framed is kept: one header (and, for small messages, one copy
 * with the payload) per broadcast instead of one per recipient, as `ws` would make.
 */

/** Up to this size the header and payload go as one buffer (one write); larger ones are not copied. */
const JOIN_BELOW = 16 * 1024;

let lastMessage: Uint8Array | null = null;
let lastFrame: Buffer[] = [];

/** The frame of `message` as the buffers to write, in order. */
export function frameOf(message: Uint8Array): Buffer[] {
  if (message === lastMessage) return lastFrame;
  const length = message.length;
  const headerBytes = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const join = length < JOIN_BELOW;
  const header = Buffer.allocUnsafe(join ? headerBytes + length : headerBytes);
  header[0] = 0x82;
  if (length < 126) header[1] = length;
  else if (length < 65536) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    header.writeUInt32BE(length >>> 0, 6);
  }
  const payload = Buffer.from(message.buffer, message.byteOffset, length);
  if (join) payload.copy(header, headerBytes);
  lastMessage = message;
  lastFrame = join ? [header] : [header, payload];
  return lastFrame;
}
