import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, project } from '../../src/services/dynamodb/expressions/evaluate.js';
import { parseCondition, parseProjection, parseUpdate } from '../../src/services/dynamodb/expressions/parser.js';
import { Placeholders } from '../../src/services/dynamodb/expressions/placeholders.js';
import { applyUpdate, checkUpdatePaths } from '../../src/services/dynamodb/expressions/update.js';
import { addNumbers, compareNumbers, normaliseNumber } from '../../src/services/dynamodb/numbers.js';
import type { Item } from '../../src/services/dynamodb/values.js';
import { checkValue, itemSize } from '../../src/services/dynamodb/values.js';

const item: Item = {
  pk: { S: 'user-1' },
  age: { N: '42' },
  nm: { S: 'Ada Lovelace' },
  tags: { SS: ['a', 'b'] },
  nums: { NS: ['1', '2'] },
  lst: { L: [{ S: 'x' }, { N: '2' }, { M: { c: { S: 'deep' } } }] },
  mp: { M: { b: { L: [{ N: '0' }, { N: '1' }, { M: { c: { S: 'found' } } }] } } },
  flag: { BOOL: true },
  nothing: { NULL: true },
};

function cond(text: string, values: Record<string, unknown> = {}, names?: Record<string, string>): boolean {
  const p = new Placeholders(names, Object.keys(values).length ? values : undefined);
  const c = parseCondition(text, p);
  p.assertAllUsed();
  return evaluate(c, item);
}

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a failure');
}

function update(text: string, values: Record<string, unknown> = {}, names?: Record<string, string>, on: Item = item): Item {
  const p = new Placeholders(names, Object.keys(values).length ? values : undefined);
  const actions = parseUpdate(text, p);
  p.assertAllUsed();
  checkUpdatePaths(actions, ['pk']);
  return applyUpdate(actions, on);
}

describe('condition expressions', () => {
  it('compares with = <> < <= > >= on numbers, strings and missing attributes', () => {
    assert.equal(cond('age = :v', { ':v': { N: '42.0' } }), true);
    assert.equal(cond('age <> :v', { ':v': { N: '42' } }), false);
    assert.equal(cond('age < :v', { ':v': { N: '100' } }), true, 'numeric, not lexical');
    assert.equal(cond('age >= :v', { ':v': { N: '42' } }), true);
    assert.equal(cond('nm > :v', { ':v': { S: 'A' } }), true);
    assert.equal(cond('absent = :v', { ':v': { N: '1' } }), false);
    assert.equal(cond('absent <> :v', { ':v': { N: '1' } }), true);
    assert.equal(cond('age = :v', { ':v': { S: '42' } }), false, 'types differ');
  });

  it('evaluates BETWEEN, IN, AND/OR/NOT with precedence and parentheses', () => {
    assert.equal(cond('age BETWEEN :a AND :b', { ':a': { N: '40' }, ':b': { N: '50' } }), true);
    assert.equal(cond('age IN (:a, :b)', { ':a': { N: '1' }, ':b': { N: '42' } }), true);
    // NOT binds tighter than AND, AND tighter than OR.
    assert.equal(cond('NOT flag = :f AND age = :a OR age = :b', { ':f': { BOOL: true }, ':a': { N: '42' }, ':b': { N: '1' } }), false);
    assert.equal(cond('age = :b OR age = :a AND flag = :f', { ':f': { BOOL: true }, ':a': { N: '42' }, ':b': { N: '1' } }), true);
    assert.equal(cond('(age = :b OR age = :a) AND NOT (flag = :f)', { ':f': { BOOL: true }, ':a': { N: '42' }, ':b': { N: '1' } }), false);
    assert.equal(cond('age = :a and flag = :f', { ':f': { BOOL: true }, ':a': { N: '42' } }), true, 'keywords are case-insensitive');
  });

  it('runs the functions: attribute_exists/not_exists, attribute_type, begins_with, contains, size', () => {
    assert.equal(cond('attribute_exists(age) AND attribute_not_exists(nope)'), true);
    assert.equal(cond('attribute_type(tags, :t)', { ':t': { S: 'SS' } }), true);
    assert.equal(cond('begins_with(#n, :p)', { ':p': { S: 'Ada' } }, { '#n': 'nm' }), true);
    assert.equal(
      cond('contains(tags, :t) AND contains(#n, :s) AND contains(nums, :n)', { ':t': { S: 'a' }, ':s': { S: 'Love' }, ':n': { N: '2' } }, { '#n': 'nm' }),
      true,
    );
    assert.equal(cond('contains(lst, :x)', { ':x': { S: 'x' } }), true);
    assert.equal(cond('size(#n) = :n AND size(tags) = :two AND size(lst) > :two', { ':n': { N: '12' }, ':two': { N: '2' } }, { '#n': 'nm' }), true);
  });

  it('follows document paths into maps and lists', () => {
    assert.equal(cond('mp.b[2].c = :v', { ':v': { S: 'found' } }), true);
    assert.equal(cond('lst[2].c = :v', { ':v': { S: 'deep' } }), true);
    assert.equal(cond('attribute_exists(lst[9])'), false);
  });

  it("takes PynamoDB's #0 / :0 placeholders", () => {
    assert.equal(cond('#0 = :0 AND attribute_exists(#1)', { ':0': { N: '42' } }, { '#0': 'age', '#1': 'nm' }), true);
  });

  it("words malformed expressions as AWS's ValidationException", () => {
    assert.equal(
      message(() => cond('status = :v', { ':v': { S: 'x' } })),
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status',
    );
    assert.equal(
      message(() => cond('#n = :v', { ':v': { S: 'x' } })),
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n',
    );
    assert.equal(
      message(() => cond('age = :missing')),
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing',
    );
    assert.equal(
      message(() => cond('age = :a', { ':a': { N: '1' }, ':x': { N: '2' } })),
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}',
    );
    assert.equal(
      message(() => cond('age = :a', { ':a': { N: '1' } }, { '#u': 'x' })),
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}',
    );
    assert.equal(
      message(() => cond('age = ', {})),
      'Invalid ConditionExpression: Syntax error; token: <EOF>, near: "= "',
    );
    assert.match(
      message(() => cond('age = :a :b', { ':a': { N: '1' }, ':b': { N: '1' } })),
      /^Invalid ConditionExpression: Syntax error; token: ":b", near: ":a :b"$/,
    );
    assert.equal(
      message(() => cond('')),
      'Invalid ConditionExpression: The expression can not be empty;',
    );
    assert.equal(
      message(() => cond('foo(age)')),
      'Invalid ConditionExpression: Invalid function name; function: foo',
    );
    assert.equal(
      message(() => cond('attribute_exists(:v)', { ':v': { S: 'x' } })),
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
    );
    assert.equal(
      message(() => cond('age < :v', { ':v': { BOOL: true } })),
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL',
    );
    assert.match(
      message(() => cond('age BETWEEN :b AND :a', { ':a': { N: '1' }, ':b': { N: '5' } })),
      /requires upper bound to be greater than or equal to lower bound/,
    );
    assert.equal(
      message(() => cond('attribute_type(age, :t)', { ':t': { S: 'X' } })),
      'Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}',
    );
  });
});

describe('update expressions', () => {
  it('SETs with + and -, if_not_exists and list_append, nested and by list index', () => {
    const out = update('SET age = age + :one, score = if_not_exists(score, :zero) - :one, lst = list_append(lst, :more), mp.b[0] = :s, extra = :s', {
      ':one': { N: '1' },
      ':zero': { N: '0' },
      ':more': { L: [{ S: 'y' }] },
      ':s': { S: 'new' },
    });
    assert.deepEqual(out.age, { N: '43' });
    assert.deepEqual(out.score, { N: '-1' });
    assert.equal((out.lst as { L: unknown[] }).L.length, 4);
    assert.deepEqual(
      update('SET lst[10] = :s', { ':s': { S: 'end' } }).lst,
      { L: [...(item.lst as { L: Item[keyof Item][] }).L, { S: 'end' }] },
      'an index past the end appends',
    );
    assert.deepEqual((out.mp as any).M.b.L[0], { S: 'new' });
  });

  it('REMOVEs attributes and list elements (highest index first), ADDs to numbers and sets, DELETEs from sets', () => {
    const out = update('REMOVE flag, lst[0], lst[2] ADD age :n, tags :t DELETE nums :d', {
      ':n': { N: '-2' },
      ':t': { SS: ['c', 'a'] },
      ':d': { NS: ['1', '2'] },
    });
    assert.equal(out.flag, undefined);
    assert.deepEqual(out.lst, { L: [{ N: '2' }] });
    assert.deepEqual(out.age, { N: '40' });
    assert.deepEqual(out.tags, { SS: ['a', 'b', 'c'] });
    assert.equal(out.nums, undefined, 'a set emptied by DELETE goes away');
  });

  it('does not touch the item it was given', () => {
    update('SET age = :n', { ':n': { N: '1' } });
    assert.deepEqual(item.age, { N: '42' });
  });

  it("rejects what AWS rejects, with AWS's words", () => {
    assert.equal(
      message(() => update('SET a = :v, a.b = :v', { ':v': { S: 'x' } })),
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    );
    assert.equal(
      message(() => update('SET pk = :v', { ':v': { S: 'x' } })),
      'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
    );
    assert.equal(
      message(() => update('ADD age :v', { ':v': { S: 'x' } })),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
    );
    assert.equal(
      message(() => update('SET name = name + :v', { ':v': { N: '1' } })),
      'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name',
    );
    assert.equal(
      message(() => update('SET #n = #n + :v', { ':v': { N: '1' } }, { '#n': 'nm' })),
      'An operand in the update expression has an incorrect data type',
    );
    assert.equal(
      message(() => update('SET x = nope + :v', { ':v': { N: '1' } })),
      'The provided expression refers to an attribute that does not exist in the item',
    );
    assert.equal(
      message(() => update('SET nope.deeper = :v', { ':v': { N: '1' } })),
      'The document path provided in the update expression is invalid for update',
    );
    assert.equal(
      message(() => update('SET a = :v SET b = :v', { ':v': { N: '1' } })),
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    );
    assert.equal(
      message(() => update('SET a :v', { ':v': { N: '1' } })),
      'Invalid UpdateExpression: Syntax error; token: ":v", near: "a :v"',
    );
  });
});

describe('projection expressions', () => {
  it('keeps only the named paths, nested as they were', () => {
    const p = new Placeholders({ '#n': 'nm' }, undefined);
    const out = project(item, parseProjection('#n, mp.b[2].c, lst[1], lst[0]', p));
    assert.deepEqual(out, { nm: item.nm, mp: { M: { b: { L: [{ M: { c: { S: 'found' } } }] } } }, lst: { L: [{ S: 'x' }, { N: '2' }] } });
  });
});

describe('numbers and values', () => {
  it('normalises numbers as DynamoDB returns them and keeps 38 digits exactly', () => {
    assert.equal(normaliseNumber('1.50'), '1.5');
    assert.equal(normaliseNumber('-0'), '0');
    assert.equal(normaliseNumber('1e2'), '100');
    assert.equal(normaliseNumber('001.0100'), '1.01');
    assert.equal(normaliseNumber('1E-3'), '0.001');
    assert.equal(addNumbers('12345678901234567890123456789012345678', '1'), '12345678901234567890123456789012345679');
    assert.equal(compareNumbers('-10', '-9'), -1);
    assert.equal(compareNumbers('0.001', '0.0001'), 1);
  });

  it('rejects numbers out of precision or range, empty and duplicate sets', () => {
    assert.equal(
      message(() => checkValue({ N: '123456789012345678901234567890123456789' })),
      'Attempting to store more than 38 significant digits in a Number',
    );
    assert.equal(
      message(() => checkValue({ N: '1e126' })),
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
    assert.equal(
      message(() => checkValue({ N: '1e-131' })),
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
    assert.equal(
      message(() => checkValue({ SS: [] })),
      'One or more parameter values were invalid: An string set  may not be empty',
    );
    assert.match(
      message(() => checkValue({ SS: ['a', 'a'] })),
      /contains duplicates/,
    );
    assert.equal(
      message(() => checkValue({})),
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
    assert.equal(
      message(() => checkValue({ S: 'a', N: '1' })),
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  });

  it("counts an item's size as DynamoDB does (names plus values)", () => {
    assert.equal(itemSize({ ab: { S: 'xyz' } }), 5);
    assert.equal(itemSize({ n: { N: '12345' } }), 1 + 4);
    assert.equal(itemSize({ m: { M: { k: { BOOL: true } } } }), 1 + 3 + 1 + 1 + 1);
  });
});
