/**
 * The `application/vnd.amazon.eventstream` framing (responses of InvokeWithResponseStream, ...):
 * each message is a prelude (total length, headers length, CRC32 of those 8 bytes), headers
 * (name length, name, type 7 = string, value length, value), the payload, and a CRC32 of all before it.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** One event-stream message with string headers, in their given order. */
export function eventStreamMessage(headers: Readonly<Record<string, string>>, payload: Uint8Array): Buffer {
  const encoded = Object.entries(headers).map(([name, value]) => {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const out = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
    out.writeUInt8(n.length, 0);
    n.copy(out, 1);
    out.writeUInt8(7, 1 + n.length);
    out.writeUInt16BE(v.length, 2 + n.length);
    v.copy(out, 4 + n.length);
    return out;
  });
  const headersLength = encoded.reduce((sum, h) => sum + h.length, 0);
  const total = 12 + headersLength + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headersLength, 4);
  message.writeUInt32BE(crc32(message, 0, 8), 8);
  let at = 12;
  for (const h of encoded) {
    h.copy(message, at);
    at += h.length;
  }
  message.set(payload, at);
  message.writeUInt32BE(crc32(message, 0, total - 4), total - 4);
  return message;
}

/** An event of an event stream (`:message-type: event`). */
export function eventMessage(eventType: string, contentType: string, payload: Uint8Array): Buffer {
  return eventStreamMessage({ ':event-type': eventType, ':content-type': contentType, ':message-type': 'event' }, payload);
}
