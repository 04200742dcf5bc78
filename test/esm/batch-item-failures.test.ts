import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readBatchItemFailures } from '../../src/event-sources/batch-item-failures.js';

const ids = new Set(['m1', 'm2', 'm3']);
const read = (text: string) => readBatchItemFailures(Buffer.from(text), ids);

describe('reading a ReportBatchItemFailures response', () => {
  const successes: [string, string][] = [
    ['an empty response', ''],
    ['a null response', 'null'],
    ['an empty string', '""'],
    ['an empty object', '{}'],
    ['an empty list', '[]'],
    ['an empty batchItemFailures list', '{"batchItemFailures":[]}'],
    ['a null batchItemFailures', '{"batchItemFailures":null}'],
  ];
  for (const [name, text] of successes) {
    test(`treats ${name} as full success`, () => {
      assert.deepEqual(read(text), { kind: 'failed-items', ids: new Set() });
    });
  }

  test('reports the listed items as failed', () => {
    assert.deepEqual(read('{"batchItemFailures":[{"itemIdentifier":"m2"},{"itemIdentifier":"m3"}]}'), { kind: 'failed-items', ids: new Set(['m2', 'm3']) });
  });

  const failures: [string, string][] = [
    ['invalid JSON', '{"batchItemFailures": ['],
    ['an empty itemIdentifier', '{"batchItemFailures":[{"itemIdentifier":""}]}'],
    ['a null itemIdentifier', '{"batchItemFailures":[{"itemIdentifier":null}]}'],
    ['an item with the wrong key', '{"batchItemFailures":[{"foo":"m1"}]}'],
    ['an identifier not in the batch', '{"batchItemFailures":[{"itemIdentifier":"m9"}]}'],
    ['a numeric identifier', '{"batchItemFailures":[{"itemIdentifier":123}]}'],
    ['batchItemFailures that is not a list', '{"batchItemFailures":"m1"}'],
    ['a non-empty list response', '["m1"]'],
    ['a plain string response', '"m1"'],
  ];
  for (const [name, text] of failures) {
    test(`treats ${name} as a complete batch failure`, () => {
      assert.equal(read(text).kind, 'batch-failed');
    });
  }
});
