import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { childTraceHeader, formatTraceHeader, newTraceHeader, parseTraceHeader } from '../../src/tracing/trace-header.js';
import { countInvocation, lineageCount, lineageKey, parseLineage, RECURSION_LIMIT } from '../../src/tracing/lineage.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:loop';
const OTHER = 'arn:aws:lambda:us-east-1:123456789012:function:other';

describe('trace header', () => {
  test('a header round-trips with unknown fields kept', () => {
    const text = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Self=1-abc;Lineage=a87bd80c:1|68fd508a:5';
    assert.equal(formatTraceHeader(parseTraceHeader(text)), text);
  });

  test('a new header has an X-Ray root, a 16 hex parent and Sampled=0', () => {
    const header = formatTraceHeader(newTraceHeader(Date.UTC(2026, 0, 1)));
    assert.match(header, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    assert.ok(header.startsWith(`Root=1-${(Date.UTC(2026, 0, 1) / 1000).toString(16)}-`));
  });

  test('a child keeps the root and lineage and gets a new parent', () => {
    const parent = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0;Lineage=a87bd80c:3';
    const child = childTraceHeader(parent, 0);
    assert.equal(child.root, '1-5759e988-bd862e3fe1be46a994272793');
    assert.equal(child.lineage, 'a87bd80c:3');
    assert.notEqual(child.parent, '53995c3f42cd8ad8');
  });
});

describe('lineage', () => {
  test('entries in the short form and the versioned form are read', () => {
    assert.deepEqual(parseLineage('a87bd80c:1|68fd508a:5'), [
      { key: 'a87bd80c', count: 1 },
      { key: '68fd508a', count: 5 },
    ]);
    assert.deepEqual(parseLineage('1:fe460cdd:0'), [{ key: 'fe460cdd', count: 0 }]);
    assert.deepEqual(parseLineage('garbage|:|x:y'), []);
  });

  test('the key of a function ignores its qualifier', () => {
    assert.equal(lineageKey(`${FN}:$LATEST`), lineageKey(FN));
    assert.notEqual(lineageKey(FN), lineageKey(OTHER));
    assert.match(lineageKey(FN), /^[0-9a-f]{8}$/);
  });

  test('an event without a header starts a chain at count 1', () => {
    const counted = countInvocation(undefined, FN, 0);
    assert.equal(counted.count, 1);
    assert.equal(counted.exceedsLimit, false);
    assert.match(counted.traceHeader, new RegExp(`^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0;Lineage=${lineageKey(FN)}:1$`));
  });

  test('counting is per function and the 17th invocation exceeds the limit', () => {
    let header: string | undefined;
    for (let i = 1; i <= RECURSION_LIMIT; i++) {
      const counted = countInvocation(header, FN, 0);
      assert.equal(counted.count, i);
      assert.equal(counted.exceedsLimit, false);
      header = counted.traceHeader;
    }
    const other = countInvocation(header, OTHER, 0);
    assert.equal(other.count, 1);
    assert.equal(lineageCount(other.traceHeader, FN), RECURSION_LIMIT);
    const blocked = countInvocation(other.traceHeader, FN, 0);
    assert.equal(blocked.count, RECURSION_LIMIT + 1);
    assert.equal(blocked.exceedsLimit, true);
  });
});
