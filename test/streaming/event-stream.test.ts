import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, eventMessage } from '../../src/protocols/event-stream.js';

test('CRC32 is the IEEE checksum event streams use', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
});

test('an event message is prelude, string headers, payload and message CRC', () => {
  const message = eventMessage('PayloadChunk', 'application/octet-stream', Buffer.from('hi'));
  const total = message.readUInt32BE(0);
  const headersLength = message.readUInt32BE(4);
  assert.equal(total, message.length);
  assert.equal(message.readUInt32BE(8), crc32(message, 0, 8));
  assert.equal(message.readUInt32BE(total - 4), crc32(message, 0, total - 4));
  const headers: Record<string, string> = {};
  for (let at = 12; at < 12 + headersLength; ) {
    const nameLength = message.readUInt8(at);
    const name = message.toString('utf8', at + 1, at + 1 + nameLength);
    assert.equal(message.readUInt8(at + 1 + nameLength), 7);
    const valueLength = message.readUInt16BE(at + 2 + nameLength);
    headers[name] = message.toString('utf8', at + 4 + nameLength, at + 4 + nameLength + valueLength);
    at += 4 + nameLength + valueLength;
  }
  assert.deepEqual(headers, { ':event-type': 'PayloadChunk', ':content-type': 'application/octet-stream', ':message-type': 'event' });
  assert.equal(message.toString('utf8', 12 + headersLength, total - 4), 'hi');
});
