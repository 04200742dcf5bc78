import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/store/database.js';
import { compileFilterPattern } from '../../src/services/logs/filter-patterns/index.js';
import { LogsStore } from '../../src/services/logs/store.js';
import { tempDir } from '../support/functions.js';

describe('filter patterns', () => {
  test('plain terms all match, quoted phrases match as written, ?terms any, -terms none; case matters', () => {
    const m = (pattern: string, message: string) => compileFilterPattern(pattern)(message);
    assert.equal(m('', 'anything'), true);
    assert.equal(m('ERROR disk', 'ERROR: the disk is full'), true);
    assert.equal(m('ERROR disk', 'ERROR: the volume is full'), false);
    assert.equal(m('error', 'ERROR'), false);
    assert.equal(m('"disk is full"', 'ERROR: the disk is full'), true);
    assert.equal(m('"disk full"', 'ERROR: the disk is full'), false);
    assert.equal(m('?WARN ?ERROR', 'WARN low memory'), true);
    assert.equal(m('?WARN ?ERROR', 'INFO fine'), false);
    assert.equal(m('ERROR -timeout', 'ERROR timeout talking to db'), false);
    assert.equal(m('ERROR -timeout', 'ERROR refused'), true);
    assert.equal(m('%ERR(OR)?: [0-9]+%', 'ERROR: 42 disk'), true);
    assert.equal(m('%ERR(OR)?: [0-9]+%', 'ERROR: none'), false);
  });

  test('JSON patterns select fields: strings with wildcards, numbers, booleans, null, absence, && || and parentheses', () => {
    const m = (pattern: string, event: unknown) => compileFilterPattern(pattern)(typeof event === 'string' ? event : JSON.stringify(event));
    const e = { eventType: 'UpdateTrail', ip: '123.123.4.5', latency: 1500, error: true, user: null, items: [{ id: 'a' }, { id: 'b' }] };
    assert.equal(m('{ $.eventType = "UpdateTrail" }', e), true);
    assert.equal(m('{ $.eventType = UpdateTrail }', e), true);
    assert.equal(m('{ $.eventType = Update* }', e), true);
    assert.equal(m('{ $.ip != 123.123.* }', e), false);
    assert.equal(m('{ $.ip != 10.* }', e), true);
    assert.equal(m('{ $.latency > 1000 }', e), true);
    assert.equal(m('{ $.latency <= 1000 }', e), false);
    assert.equal(m('{ $.latency = 1.5e3 }', e), true);
    assert.equal(m('{ $.error IS TRUE }', e), true);
    assert.equal(m('{ $.error IS FALSE }', e), false);
    assert.equal(m('{ $.user IS NULL }', e), true);
    assert.equal(m('{ $.missing NOT EXISTS }', e), true);
    assert.equal(m('{ $.user NOT EXISTS }', e), false);
    assert.equal(m('{ $.items[1].id = "b" }', e), true);
    assert.equal(m('{ $.items[5].id = "b" }', e), false);
    assert.equal(m('{ ($.latency > 2000 || $.error IS TRUE) && $.eventType = "UpdateTrail" }', e), true);
    assert.equal(m('{ $.latency > 2000 || $.eventType = "Other" }', e), false);
    assert.equal(m('{ $.eventType = %^Upd% }', e), true);
    assert.equal(m('{ $.eventType = "UpdateTrail" }', 'not json at all'), false);
    assert.equal(m('{ $.latency > 1 }', { latency: 'slow' }), false);
  });

  test('space-delimited patterns match fields in order; quoted and bracketed runs are one field; ... stands for any number', () => {
    const line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534';
    const m = (pattern: string, message = line) => compileFilterPattern(pattern)(message);
    assert.equal(m('[ip, user, username, timestamp, request, status_code, bytes]'), true);
    assert.equal(m('[ip, user, username, timestamp, request, status_code]'), false, 'the number of fields must agree without ...');
    assert.equal(m('[ip, user, username, timestamp, request, status_code = 4*, bytes > 1000]'), true);
    assert.equal(m('[ip, user, username, timestamp, request, status_code = 5*, bytes]'), false);
    assert.equal(m('[..., status_code = 404, bytes]'), true);
    assert.equal(m('[ip = 127.0.0.1, ...]'), true);
    assert.equal(m('[..., status_code = 400 || status_code = 404, bytes]'), true);
    assert.equal(m('[..., status_code >= 400 && status_code != 404, bytes]'), false);
    assert.equal(m('[ip, ..., request = "GET *", ...]'), true);
  });

  test('a malformed pattern is InvalidParameterException', () => {
    for (const bad of ['{ $.a = ', '{ a = 1 }', '{ $.a > x }', '[a b]', '{ $.a = "x" ', '%[%']) {
      assert.throws(
        () => compileFilterPattern(bad),
        (err: Error & { code?: string }) => err.code === 'InvalidParameterException',
        bad,
      );
    }
  });
});

describe('the Logs store stays bounded', () => {
  test('drops the oldest events beyond its cap, and events past a group’s retention', () => {
    const store = new Store(tempDir('logs-store-'));
    try {
      const logs = new LogsStore(store, { maxEvents: 50, pruneEvery: 10 });
      const scope = { accountId: '123456789012', region: 'us-east-1' };
      const now = Date.UTC(2026, 5, 1);
      const group = logs.ensureGroup(scope, '/aws/lambda/f', now);
      const stream = logs.ensureStream(group, 's', now);
      for (let i = 0; i < 12; i++) {
        logs.transaction(() =>
          logs.appendEvents(
            group.id,
            stream.id,
            Array.from({ length: 10 }, (_, j) => ({ timestamp: now + i * 10 + j, message: `m${i * 10 + j}` })),
            now,
          ),
        );
        logs.pruneIfDue(now);
      }
      const all = logs.streamEventsAfter(stream.id, { timestamp: -1, id: 0 }, {}, 1000);
      assert.equal(all.length, 50);
      assert.equal(all[0]!.message, 'm70');
      assert.equal(all.at(-1)!.message, 'm119');

      const kept = logs.ensureGroup(scope, '/aws/lambda/g', now);
      const keptStream = logs.ensureStream(kept, 's', now);
      logs.setRetention(kept, 1);
      logs.transaction(() =>
        logs.appendEvents(
          kept.id,
          keptStream.id,
          [{ timestamp: now - 2 * 86_400_000, message: 'two days old' }, ...Array.from({ length: 9 }, (_, i) => ({ timestamp: now + i, message: `new ${i}` }))],
          now,
        ),
      );
      logs.pruneIfDue(now);
      const remaining = logs.streamEventsAfter(keptStream.id, { timestamp: -1, id: 0 }, {}, 100).map((e) => e.message);
      assert.ok(!remaining.includes('two days old'));
    } finally {
      store.close();
    }
  });

  test('drops the oldest events when their messages pass the byte cap', () => {
    const store = new Store(tempDir('logs-store-'));
    try {
      const logs = new LogsStore(store, { maxBytes: 100_000, pruneEvery: 1 });
      const scope = { accountId: '123456789012', region: 'us-east-1' };
      const now = Date.UTC(2026, 5, 1);
      const group = logs.ensureGroup(scope, '/aws/lambda/big', now);
      const stream = logs.ensureStream(group, 's', now);
      const kilobytes = 'x'.repeat(1000 - 26);
      for (let i = 0; i < 300; i++) {
        logs.transaction(() =>
          logs.appendEvents(group.id, stream.id, [{ timestamp: now + i, message: `${String(i).padStart(3, '0')}${kilobytes.slice(3)}` }], now),
        );
        logs.pruneIfDue(now);
      }
      const kept = logs.streamEventsAfter(stream.id, { timestamp: -1, id: 0 }, {}, 1000);
      assert.ok(kept.length <= 100 && kept.length >= 80, `kept ${kept.length}`);
      assert.equal(kept.at(-1)!.message.slice(0, 3), '299');
      assert.ok(logs.findGroup(scope, '/aws/lambda/big')!.stored_bytes <= 100_000);
      assert.equal(logs.findGroup(scope, '/aws/lambda/big')!.stored_bytes, kept.length * 1000);
    } finally {
      store.close();
    }
  });
});
