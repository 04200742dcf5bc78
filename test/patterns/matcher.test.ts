import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, matchesPattern, patternProblem } from '../../src/patterns/index.js';

type Case = [name: string, pattern: unknown, event: unknown, expected: boolean];

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated', 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.123' },
};

const matching: Case[] = [
  ['exact string value', { source: ['aws.ec2'] }, ec2Event, true],
  ['exact string is case sensitive', { source: ['AWS.EC2'] }, ec2Event, false],
  ['values in one list are ORed', { source: ['aws.s3', 'aws.ec2'] }, ec2Event, true],
  ['fields are ANDed', { source: ['aws.ec2'], region: ['eu-west-1'] }, ec2Event, false],
  ['a field missing from the event does not match', { nothere: ['x'] }, ec2Event, false],
  ['fields not in the pattern are ignored', { detail: { state: ['terminated'] } }, ec2Event, true],
  ['a number equals a number', { detail: { 'c-count': [5] } }, ec2Event, true],
  ['a number does not equal its string form', { detail: { 'c-count': ['5'] } }, ec2Event, false],
  ['true matches a boolean', { a: [true] }, { a: true }, true],
  ['true does not match the string "true"', { a: [true] }, { a: 'true' }, false],
  ['null matches JSON null', { a: [null] }, { a: null }, true],
  ['null does not match the empty string', { a: [null] }, { a: '' }, false],
  ['the empty string matches the empty string', { a: [''] }, { a: '' }, true],
  ['the empty string does not match null', { a: [''] }, { a: null }, false],
  [
    'an array in the event matches when any element matches',
    { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'x'] },
    ec2Event,
    true,
  ],
  ['an array in the event does not match when no element matches', { tags: ['c'] }, { tags: ['a', 'b'] }, false],
  ['prefix', { 'detail-type': [{ prefix: 'EC2 Instance' }] }, ec2Event, true],
  ['prefix does not match a non-prefix', { 'detail-type': [{ prefix: 'Instance' }] }, ec2Event, false],
  ['prefix with equals-ignore-case', { source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, ec2Event, true],
  ['prefix does not match a number', { n: [{ prefix: '1' }] }, { n: 12 }, false],
  ['suffix', { file: [{ suffix: '.png' }] }, { file: 'photos/cat.png' }, true],
  ['suffix is case sensitive', { file: [{ suffix: '.png' }] }, { file: 'photos/cat.PNG' }, false],
  ['suffix with equals-ignore-case', { file: [{ suffix: { 'equals-ignore-case': '.png' } }] }, { file: 'photos/cat.PNG' }, true],
  ['equals-ignore-case', { name: [{ 'equals-ignore-case': 'alice' }] }, { name: 'ALiCe' }, true],
  ['equals-ignore-case does not match another word', { name: [{ 'equals-ignore-case': 'alice' }] }, { name: 'bob' }, false],
  [
    'wildcard in the middle',
    { arn: [{ wildcard: 'arn:aws:events:*:*:event-bus/*' }] },
    { arn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' },
    true,
  ],
  ['wildcard matches zero characters', { key: [{ wildcard: 'dir/*.png' }] }, { key: 'dir/.png' }, true],
  ['wildcard does not match a different tail', { key: [{ wildcard: 'dir/*.png' }] }, { key: 'dir/a.jpg' }, false],
  ['escaped star in wildcard is literal', { key: [{ wildcard: 'a\\*b' }] }, { key: 'a*b' }, true],
  ['escaped star in wildcard does not match other text', { key: [{ wildcard: 'a\\*b' }] }, { key: 'axb' }, false],
  ['anything-but a string', { state: [{ 'anything-but': 'initializing' }] }, { state: 'running' }, true],
  ['anything-but excludes its value', { state: [{ 'anything-but': 'initializing' }] }, { state: 'initializing' }, false],
  ['anything-but matches null', { state: [{ 'anything-but': 'initializing' }] }, { state: null }, true],
  ['anything-but does not match a missing field', { state: [{ 'anything-but': 'initializing' }] }, {}, false],
  ['anything-but a list of strings', { state: [{ 'anything-but': ['stopped', 'overloaded'] }] }, { state: 'stopped' }, false],
  ['anything-but a list of numbers', { code: [{ 'anything-but': [100, 200] }] }, { code: 300 }, true],
  ['anything-but a number excludes it', { code: [{ 'anything-but': 0 }] }, { code: 0 }, false],
  ['anything-but prefix', { state: [{ 'anything-but': { prefix: 'init' } }] }, { state: 'running' }, true],
  ['anything-but prefix excludes the prefix', { state: [{ 'anything-but': { prefix: 'init' } }] }, { state: 'initializing' }, false],
  ['anything-but prefix matches a number', { state: [{ 'anything-but': { prefix: 'init' } }] }, { state: 5 }, true],
  ['anything-but suffix', { file: [{ 'anything-but': { suffix: '.txt' } }] }, { file: 'a.txt' }, false],
  ['anything-but equals-ignore-case', { name: [{ 'anything-but': { 'equals-ignore-case': ['Alice', 'Bob'] } }] }, { name: 'ALICE' }, false],
  ['anything-but equals-ignore-case lets others through', { name: [{ 'anything-but': { 'equals-ignore-case': 'Alice' } }] }, { name: 'carol' }, true],
  ['anything-but wildcard', { path: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { path: '/usr/lib/x' }, false],
  ['anything-but wildcard lets others through', { path: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { path: '/usr/bin/x' }, true],
  ['numeric range', { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, ec2Event, true],
  ['numeric range excludes values outside it', { detail: { 'd-count': [{ numeric: ['<', 3] }] } }, ec2Event, false],
  ['numeric range with the upper bound first', { n: [{ numeric: ['<', 10, '>=', 5] }] }, { n: 5 }, true],
  ['numeric equality with a decimal', { detail: { 'x-limit': [{ numeric: ['=', 301.8] }] } }, ec2Event, true],
  ['numeric compares real values', { n: [{ numeric: ['>', 100] }] }, { n: 101.0 }, true],
  ['numeric does not match a numeric string', { n: [{ numeric: ['>', 100] }] }, { n: '101' }, false],
  ['exists true on a present field', { detail: { state: [{ exists: true }] } }, ec2Event, true],
  ['exists true on a missing field', { detail: { nope: [{ exists: true }] } }, ec2Event, false],
  ['exists false on a missing field', { detail: { nope: [{ exists: false }] } }, ec2Event, true],
  ['exists false on a present field', { detail: { state: [{ exists: false }] } }, ec2Event, false],
  ['exists true does not match an empty array', { tags: [{ exists: true }] }, { tags: [] }, false],
  ['exists false when the parent object is missing', { a: { b: [{ exists: false }] } }, { c: 1 }, true],
  ['exists true matches null', { a: [{ exists: true }] }, { a: null }, true],
  ['cidr IPv4', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, ec2Event, true],
  ['cidr IPv4 outside the range', { ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.1.5' }, false],
  ['cidr IPv6', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:0:0:1::1' }, true],
  ['cidr IPv6 outside the range', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' }, false],
  ['cidr does not match a non-string', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 10 }, false],
  ['$or of two fields, first matches', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { a: '1' }, true],
  ['$or of two fields, second matches', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { b: '2' }, true],
  ['$or of two fields, none matches', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { a: '2', b: '1' }, false],
  ['$or combined with a field', { source: ['aws.ec2'], detail: { $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { 'd-count': [3] }] } }, ec2Event, true],
  ['nested $or', { $or: [{ a: ['x'] }, { $or: [{ b: ['y'] }, { c: ['z'] }] }] }, { c: 'z' }, true],
  ['an array of objects is searched element-wise', { automations: { id: [{ exists: true }] } }, { automations: [{ k: 1 }, { id: 'x' }] }, true],
  ['fields of one sub-pattern come from the same array element', { items: { a: ['1'], b: ['2'] } }, { items: [{ a: '1' }, { b: '2' }] }, false],
  ['fields of one array element all match', { items: { a: ['1'], b: ['2'] } }, { items: [{ a: '1', b: '2' }] }, true],
  ['a dotted pattern key matches nested fields', { detail: { 'state.status': ['running'] } }, { detail: { state: { status: 'running' } } }, true],
  ['a nested pattern matches a dotted event key', { detail: { state: { status: ['running'] } } }, { detail: { 'state.status': 'running' } }, true],
  ['a leaf pattern does not match an object value', { detail: ['x'] }, ec2Event, false],
  ['an object pattern does not match a scalar value', { source: { x: ['aws.ec2'] } }, ec2Event, false],
];

describe('event pattern matching', () => {
  for (const [name, pattern, event, expected] of matching) {
    test(`${name} (${expected ? 'matches' : 'does not match'})`, () => {
      assert.equal(matchesPattern(compilePattern(pattern), event), expected);
    });
  }

  test('a pattern given as JSON text compiles like its parsed form', () => {
    assert.equal(matchesPattern(compilePattern('{"source":["aws.ec2"]}'), ec2Event), true);
  });

  test('a duplicated key in pattern text keeps its last occurrence', () => {
    assert.equal(matchesPattern(compilePattern('{"source":["x"],"source":["aws.ec2"]}'), ec2Event), true);
  });
});

const invalid: [name: string, pattern: unknown][] = [
  ['a top-level array', [{ a: ['x'] }]],
  ['a top-level string', '"just text"'],
  ['text that is not JSON', '{source: aws'],
  ['a scalar leaf', { source: 'aws.ec2' }],
  ['an empty array leaf', { resources: [] }],
  ['an empty object', {}],
  ['an unknown operator', { a: [{ contains: 'x' }] }],
  ['an operator with the wrong case', { a: [{ Prefix: 'x' }] }],
  ['two operators in one object', { a: [{ prefix: 'x', suffix: 'y' }] }],
  ['a numeric prefix operand', { a: [{ prefix: 5 }] }],
  ['equals-ignore-case with a list', { a: [{ 'equals-ignore-case': ['x', 'y'] }] }],
  ['equals-ignore-case with an object', { a: [{ 'equals-ignore-case': { x: 1 } }] }],
  ['consecutive wildcard stars', { a: [{ wildcard: 'a**b' }] }],
  ['a bad escape in a wildcard', { a: [{ wildcard: 'a\\b' }] }],
  ['anything-but mixing strings and numbers', { a: [{ 'anything-but': ['x', 1] }] }],
  ['anything-but with an empty prefix', { a: [{ 'anything-but': { prefix: '' } }] }],
  ['anything-but with an empty list', { a: [{ 'anything-but': [] }] }],
  ['anything-but with null', { a: [{ 'anything-but': null }] }],
  ['an unknown numeric operator', { a: [{ numeric: ['!=', 5] }] }],
  ['a numeric operand that is a string', { a: [{ numeric: ['>', '5'] }] }],
  ['a numeric range upside down', { a: [{ numeric: ['>', 10, '<', 5] }] }],
  ['a numeric value out of range', { a: [{ numeric: ['>', 1e10] }] }],
  ['exists with a string', { a: [{ exists: 'yes' }] }],
  ['a malformed CIDR address', { ip: [{ cidr: '10.0.0/24' }] }],
  ['a CIDR mask too wide', { ip: [{ cidr: '10.0.0.0/33' }] }],
  ['$or with a single alternative', { $or: [{ a: ['x'] }] }],
  ['$or that is not a list', { $or: { a: ['x'] } }],
  ['a nested array in a leaf', { a: [['x']] }],
];

describe('event pattern validation', () => {
  for (const [name, pattern] of invalid) {
    test(`rejects ${name}`, () => {
      assert.notEqual(patternProblem(pattern), undefined);
    });
  }

  test('says "Filter is not an object" for a top-level array', () => {
    assert.equal(patternProblem([{ a: ['x'] }]), 'Filter is not an object');
  });

  test('rejects more than 1000 $or combinations', () => {
    const alternatives = Array.from({ length: 11 }, (_, i) => ({ [`f${i}`]: ['x'] }));
    assert.notEqual(patternProblem({ $or: alternatives, x: { $or: alternatives }, y: { $or: alternatives } }), undefined);
  });

  test('accepts every documented operator', () => {
    const pattern = {
      a: ['x', 1, true, null],
      b: [{ prefix: 'p' }, { suffix: 's' }, { 'equals-ignore-case': 'e' }, { wildcard: 'w*' }],
      c: [{ 'anything-but': ['x'] }, { 'anything-but': { prefix: 'p' } }, { 'anything-but': { suffix: 's' } }],
      d: [{ 'anything-but': { 'equals-ignore-case': ['e'] } }, { 'anything-but': { wildcard: '*w' } }],
      e: [{ numeric: ['>=', 0, '<', 10] }, { numeric: ['=', 5] }, { exists: false }, { cidr: '2001:db8::/64' }],
    };
    assert.equal(patternProblem(pattern), undefined);
  });
});
