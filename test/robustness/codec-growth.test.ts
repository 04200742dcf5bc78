import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { parseXmlDocument, XmlSyntaxError } from '../../src/protocols/rest-xml.js';
import { decodeQueryInput } from '../../src/services/sqs/query-shapes.js';
import { isAwsError } from '../../src/protocols/aws-error.js';

/** A parameter map that counts every parameter any pass over it reads. */
class CountingParams extends Map<string, string> {
  reads = 0;
  override *[Symbol.iterator](): MapIterator<[string, string]> {
    for (const entry of super.entries()) {
      this.reads++;
      yield entry;
    }
  }
  override entries(): MapIterator<[string, string]> {
    return this[Symbol.iterator]();
  }
  override *keys(): MapIterator<string> {
    for (const [k] of this) yield k;
  }
  override get(key: string): string | undefined {
    this.reads++;
    return super.get(key);
  }
}

function batchParams(entries: number, attributesPerEntry: number): CountingParams {
  const params = new CountingParams([
    ['Action', 'SendMessageBatch'],
    ['QueueUrl', 'http://localhost/123456789012/q'],
  ]);
  for (let i = 1; i <= entries; i++) {
    params.set(`SendMessageBatchRequestEntry.${i}.Id`, `m${i}`);
    params.set(`SendMessageBatchRequestEntry.${i}.MessageBody`, 'x');
    for (let a = 1; a <= attributesPerEntry; a++) {
      params.set(`SendMessageBatchRequestEntry.${i}.MessageAttribute.${a}.Name`, `a${a}`);
      params.set(`SendMessageBatchRequestEntry.${i}.MessageAttribute.${a}.Value.DataType`, 'String');
      params.set(`SendMessageBatchRequestEntry.${i}.MessageAttribute.${a}.Value.StringValue`, 'v');
    }
  }
  return params;
}

function readsToDecode(params: CountingParams): number {
  try {
    decodeQueryInput('SendMessageBatch', params);
  } catch (err) {
    if (!isAwsError(err)) throw err;
  }
  return params.reads;
}

/** The fastest of a few runs, so one slow moment on a shared machine does not count. */
function fastest(run: () => void, times = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('codecs parse in time linear in the request', () => {
  test('an SQS query batch of thousands of entries is refused with TooManyEntriesInBatchRequest', () => {
    assert.throws(
      () => decodeQueryInput('SendMessageBatch', batchParams(8000, 1)),
      (err: unknown) =>
        isAwsError(err) && err.code === 'TooManyEntriesInBatchRequest' && err.message === 'Maximum number of entries per request are 10. You have sent 8000.',
    );
  });

  test('decoding SQS query parameters reads each parameter a bounded number of times', () => {
    for (const attributes of [0, 5]) {
      const small = readsToDecode(batchParams(500, attributes));
      const large = readsToDecode(batchParams(4000, attributes));
      assert.ok(large < 10 * small, `8× the entries took ${large} reads against ${small}: not linear`);
    }
    // A valid batch of 10 entries with 10 attributes each is still decoded in full.
    const input = decodeQueryInput('SendMessageBatch', batchParams(10, 10)) as { Entries: { MessageAttributes: object }[] };
    assert.equal(input.Entries.length, 10);
    assert.equal(Object.keys(input.Entries[9]!.MessageAttributes).length, 10);
  });

  test('an XML document 8× larger takes far less than 20× as long to parse', () => {
    const doc = (n: number) => `<Delete>${'<Object><Key>k</Key></Object>'.repeat(n)}</Delete>`;
    const small = doc(2000);
    const large = doc(16_000);
    parseXmlDocument(small, ['Object']);
    const t1 = fastest(() => parseXmlDocument(small, ['Object']));
    const t8 = fastest(() => parseXmlDocument(large, ['Object']));
    assert.ok(t8 < 20 * Math.max(t1, 1), `parse took ${t8.toFixed(1)} ms against ${t1.toFixed(1)} ms`);
  });

  test('deeply nested XML is malformed input (the codec answers MalformedXML), never an internal error', () => {
    for (const depth of [4_000, 20_000]) {
      const text = `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
      assert.throws(() => parseXmlDocument(text), XmlSyntaxError);
    }
  });

  test('deeply nested JSON is parsed without overflowing the stack', () => {
    const depth = 100_000;
    assert.doesNotThrow(() => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`));
  });
});
