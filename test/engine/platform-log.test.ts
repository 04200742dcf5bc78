import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endLine, logTail, reportLine, startLine, timeoutLine } from '../../src/engine/platform-log.js';

describe('platform log lines', () => {
  test('START and END carry the request id (and START the version)', () => {
    assert.equal(startLine('r-1', '$LATEST'), 'START RequestId: r-1 Version: $LATEST');
    assert.equal(endLine('r-1'), 'END RequestId: r-1');
  });

  test('REPORT has tab-separated fields, two-decimal durations, billing rounded up and a trailing tab', () => {
    assert.equal(
      reportLine({ requestId: 'r-1', durationMs: 4157.161, memorySizeMb: 256, maxMemoryUsedMb: 99, initDurationMs: 841.6 }),
      'REPORT RequestId: r-1\tDuration: 4157.16 ms\tBilled Duration: 4158 ms\tMemory Size: 256 MB\tMax Memory Used: 99 MB\tInit Duration: 841.60 ms\t',
    );
    assert.equal(
      reportLine({ requestId: 'r-2', durationMs: 0.2, memorySizeMb: 128, maxMemoryUsedMb: 40 }),
      'REPORT RequestId: r-2\tDuration: 0.20 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t',
    );
  });

  test('REPORT names the status and error type when the platform ended the invocation', () => {
    assert.match(reportLine({ requestId: 'r', durationMs: 3000, memorySizeMb: 128, maxMemoryUsedMb: 1, status: 'timeout' }), /\tStatus: timeout\t$/);
    assert.match(
      reportLine({ requestId: 'r', durationMs: 1, memorySizeMb: 128, maxMemoryUsedMb: 1, status: 'error', errorType: 'Runtime.ExitError' }),
      /\tStatus: error\tError Type: Runtime.ExitError\t$/,
    );
  });

  test('the timeout line quotes the timeout with two decimals', () => {
    assert.equal(timeoutLine('2026-01-01T00:00:03.000Z', 'r-1', 3), '2026-01-01T00:00:03.000Z r-1 Task timed out after 3.00 seconds');
  });

  test('the tail is the last 4096 bytes and never starts inside a UTF-8 character', () => {
    assert.equal(logTail('short'), 'short');
    const ascii = `${'a'.repeat(5000)}END`;
    assert.equal(Buffer.byteLength(logTail(ascii)), 4096);
    assert.ok(logTail(ascii).endsWith('END'));
    const euros = '€'.repeat(2000); // 3 bytes each: 4096 is not a multiple of 3
    const tail = logTail(euros);
    assert.ok(Buffer.byteLength(tail) <= 4096 && Buffer.byteLength(tail) > 4090);
    assert.ok(!tail.includes('\uFFFD'));
    assert.equal(tail, '€'.repeat(tail.length));
  });
});
