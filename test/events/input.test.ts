import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventTime, type EventEnvelope } from '../../src/services/events/envelope.js';
import { renderInput } from '../../src/services/events/input.js';
import { readPath } from '../../src/services/events/json-path.js';
import { entrySize } from '../../src/services/events/put-events.js';
import { compilePattern, matchesPattern, patternProblem } from '../../src/patterns/index.js';

const event: EventEnvelope = {
  version: '0',
  id: 'e-1',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1'],
  detail: { 'instance-id': 'i-1', state: 'running', tags: ['a', 'b'], meta: { n: 1 }, quote: 'say "hi"' },
};
const rule = { ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/r', ruleName: 'r', ingestionTimeMs: Date.UTC(2026, 0, 1, 0, 0, 1, 500) };
const transform = (InputPathsMap: Record<string, string>, InputTemplate: string) =>
  renderInput({ Id: 't', Arn: 'arn:aws:sqs:us-east-1:1:q', InputTransformer: { InputPathsMap, InputTemplate } }, event, rule);

describe('target input', () => {
  test('the event, Input, InputPath', () => {
    assert.deepEqual(JSON.parse(renderInput({ Id: 't', Arn: 'a' }, event, rule)), event);
    assert.equal(renderInput({ Id: 't', Arn: 'a', Input: '{"x":1}' }, event, rule), '{"x":1}');
    assert.equal(renderInput({ Id: 't', Arn: 'a', InputPath: '$.detail.meta' }, event, rule), '{"n":1}');
    assert.equal(renderInput({ Id: 't', Arn: 'a', InputPath: '$.resources[0]' }, event, rule), '"arn:aws:ec2:us-east-1:123456789012:instance/i-1"');
  });

  test('JSON templates: strings quoted outside quotes, raw (escaped) inside; objects and arrays as JSON', () => {
    const out = transform(
      { id: '$.detail.instance-id', state: '$.detail.state', tags: '$.detail.tags', meta: '$.detail.meta', quote: '$.detail.quote' },
      '{"instance": <id>, "text": "<id> is <state>", "tags": <tags>, "meta": <meta>, "said": "<quote>", "raw": <quote>}',
    );
    assert.deepEqual(JSON.parse(out), { instance: 'i-1', text: 'i-1 is running', tags: ['a', 'b'], meta: { n: 1 }, said: 'say "hi"', raw: 'say "hi"' });
  });

  test('a string template, a plain-text template, and paths that name nothing', () => {
    assert.equal(transform({ id: '$.detail.instance-id' }, '"instance <id> changed"'), '"instance i-1 changed"');
    assert.equal(transform({ id: '$.detail.instance-id' }, 'instance <id> changed'), 'instance i-1 changed');
    assert.equal(transform({ gone: '$.detail.nope' }, '{"v": <gone>, "s": "<gone>"}'), '{"v": null, "s": ""}');
    assert.equal(transform({}, '<undefined> stays'), '<undefined> stays');
  });

  test('predefined variables', () => {
    const out = JSON.parse(
      transform({}, '{"name": "<aws.events.rule-name>", "arn": "<aws.events.rule-arn>", "at": "<aws.events.event.ingestion-time>", "e": <aws.events.event>}'),
    );
    assert.equal(out.name, 'r');
    assert.equal(out.arn, rule.ruleArn);
    assert.equal(out.at, '2026-01-01T00:00:01Z');
    assert.deepEqual(out.e, event);
  });

  test('JSONPath subset', () => {
    assert.equal(readPath(event, '$.detail.tags[1]'), 'b');
    assert.equal(readPath(event, "$['detail-type']"), 'EC2 Instance State-change Notification');
    assert.equal(readPath(event, '$.detail.none.deeper'), undefined);
    assert.equal(readPath(event, 'detail'), undefined);
  });
});

describe('the envelope and entry sizes', () => {
  test('time has no milliseconds and ends in Z', () => {
    assert.equal(eventTime(Date.UTC(2026, 4, 5, 6, 7, 8, 999)), '2026-05-05T06:07:08Z');
  });

  test('an entry is sized as AWS counts it: Time 14 bytes, the UTF-8 of Source, DetailType, Detail and Resources', () => {
    assert.equal(entrySize({ Source: 'abc', DetailType: 'déf', Detail: '{}', Resources: ['r1', 'r22'], Time: 1 }), 14 + 3 + 4 + 2 + 2 + 3);
    assert.equal(entrySize({ Source: 'a', DetailType: 'b', Detail: '{}' }), 4);
  });
});

describe('EventBridge pattern syntax through the shared matcher', () => {
  const cases: [unknown, boolean][] = [
    [{ source: [{ prefix: 'aws.' }] }, true],
    [{ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, true],
    [{ source: [{ suffix: '.ec2' }] }, true],
    [{ 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }, true],
    [{ detail: { 'instance-id': [{ wildcard: 'i-*' }] } }, true],
    [{ detail: { state: [{ 'anything-but': ['running', 'stopped'] }] } }, false],
    [{ detail: { state: [{ 'anything-but': { prefix: 'run' } }] } }, false],
    [{ detail: { state: [{ 'anything-but': { suffix: 'ed' } }] } }, true],
    [{ detail: { state: [{ 'anything-but': { wildcard: 'r*g' } }] } }, false],
    [{ detail: { meta: { n: [{ numeric: ['>', 0, '<=', 1] }] } } }, true],
    [{ detail: { gone: [{ exists: false }] } }, true],
    [{ detail: { state: [{ exists: true }] } }, true],
    [{ $or: [{ source: ['nope'] }, { detail: { tags: ['b'] } }] }, true],
  ];
  for (const [pattern, expected] of cases) test(JSON.stringify(pattern), () => assert.equal(matchesPattern(compilePattern(pattern), event), expected));

  test('cidr on an address field', () => {
    const withIp = { ...event, detail: { ip: '10.0.0.9' } };
    assert.equal(matchesPattern(compilePattern({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }), withIp), true);
    assert.equal(matchesPattern(compilePattern({ detail: { ip: [{ cidr: '10.0.1.0/24' }] } }), withIp), false);
  });

  test('malformed patterns are refused with a reason', () => {
    for (const bad of ['{"source": "aws.ec2"}', '{"source": []}', '{"detail": {"n": [{"numeric": [">", "x"]}]}}', 'not json'])
      assert.ok(patternProblem(bad), bad);
  });
});
