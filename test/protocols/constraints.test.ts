import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertValid,
  constraint,
  describeViolation,
  structure,
  validate,
  validationException,
  validationMessage,
  type StructureShape,
} from '../../src/protocols/constraints.js';
import { parseJsonBody, jsonRpcMalformedBody } from '../../src/protocols/json-body.js';
import { AwsError } from '../../src/protocols/aws-error.js';

const ENV_KEY_PATTERN = '[a-zA-Z]([a-zA-Z0-9_])+';

const CONFIG: StructureShape = structure({
  FunctionName: { type: 'string', required: true, pattern: '[a-zA-Z0-9-_]+', length: { min: 1, max: 64 } },
  Timeout: { type: 'integer', range: { min: 1, max: 900 } },
  MemorySize: { type: 'integer', range: { min: 128, max: 10240 } },
  Architectures: { type: 'list', length: { max: 1 }, member: { type: 'string', enum: ['x86_64', 'arm64'] } },
  Layers: { type: 'list', member: { type: 'string', length: { min: 1, max: 140 }, pattern: 'arn:[a-z]+' } },
  TracingConfig: { type: 'structure', members: { Mode: { type: 'string', enum: ['Active', 'PassThrough'] } } },
  Environment: {
    type: 'structure',
    members: { Variables: { type: 'map', sensitive: true, key: { type: 'string', pattern: ENV_KEY_PATTERN } } },
  },
  Tags: { type: 'map', key: { type: 'string', length: { min: 1, max: 128 } } },
  FilterCriteria: {
    type: 'structure',
    members: { Filters: { type: 'list', member: { type: 'structure', members: { Pattern: { type: 'string', length: { max: 10 } } } } } },
  },
});

const messageOf = (input: unknown) => validationMessage(validate(CONFIG, { FunctionName: 'fn', ...(input as object) }));

describe('constraint engine', () => {
  test('a valid input has no violations', () => {
    assert.deepEqual(validate(CONFIG, { FunctionName: 'fn', Timeout: 3, Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } }), []);
  });

  test('a missing required member is "Value null ... Member must not be null"', () => {
    assert.equal(
      validationMessage(validate(CONFIG, {})),
      "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null",
    );
  });

  test('every failed constraint of a member is listed, in the order the shape declares them', () => {
    assert.equal(
      messageOf({ FunctionName: `${'x'.repeat(64)}!` }),
      `2 validation errors detected: Value '${'x'.repeat(64)}!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+; ` +
        `Value '${'x'.repeat(64)}!' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  test('ranges name the bound that failed; numbers are quoted', () => {
    assert.equal(
      messageOf({ MemorySize: 64, Timeout: 901 }),
      "2 validation errors detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900; " +
        "Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    );
    assert.match(messageOf({ Timeout: 1.5 }), /Value '1\.5' at 'timeout' failed to satisfy constraint: Member must be an integer$/);
    assert.match(messageOf({ Timeout: '3' }), /Value '3' at 'timeout' failed to satisfy constraint: Member must be an integer$/);
  });

  test('a "between" range words every failure, a non-integer too, as one range', () => {
    const shape = structure({ MaxItems: { type: 'integer', fromText: true, range: { min: 1, max: 10000, between: true } } });
    for (const value of ['0', '10001', 'abc']) {
      assert.equal(
        validationMessage(validate(shape, { MaxItems: value })),
        `1 validation error detected: Value '${value}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`,
      );
    }
    assert.deepEqual(validate(shape, { MaxItems: '50' }), []);
  });

  test('nested members are named by their camelCase path', () => {
    assert.equal(
      messageOf({ TracingConfig: { Mode: 'Sometimes' } }),
      "1 validation error detected: Value 'Sometimes' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]",
    );
  });

  test('a list prints as [a, b]; a failing scalar member describes the member shape whole', () => {
    assert.equal(
      messageOf({ Architectures: ['x86_64', 'arm64'] }),
      "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1",
    );
    assert.equal(
      messageOf({ Architectures: ['X86_64'] }),
      "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]",
    );
    assert.equal(
      messageOf({ Layers: ['arn:ok', 'nope'] }),
      "1 validation error detected: Value '[arn:ok, nope]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 140, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: arn:[a-z]+]',
    );
  });

  test('structures in a list are named by 1-based index and .member', () => {
    assert.equal(
      messageOf({ FilterCriteria: { Filters: [{ Pattern: 'short' }, { Pattern: 'much too long' }] } }),
      "1 validation error detected: Value 'much too long' at 'filterCriteria.filters.2.member.pattern' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  });

  test('map keys are checked against the key shape; a sensitive map hides its value', () => {
    assert.equal(
      messageOf({ Environment: { Variables: { '1BAD': 'x' } } }),
      `1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${ENV_KEY_PATTERN}]`,
    );
    assert.equal(
      messageOf({ Tags: { '': 'v', k: 'w' } }),
      "1 validation error detected: Value '{=v, k=w}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]",
    );
  });

  test('a map value shape is described whole, a required one ending with "must not be null"', () => {
    const shape = structure({
      RoutingWeights: { type: 'map', value: { type: 'integer', required: true, range: { min: 0, max: 100 } } },
    });
    const expected =
      "1 validation error detected: Value '{2=101}' at 'routingWeights' failed to satisfy constraint: Map value must satisfy constraint: " +
      '[Member must have value less than or equal to 100, Member must have value greater than or equal to 0, Member must not be null]';
    assert.equal(validationMessage(validate(shape, { RoutingWeights: { 2: 101 } })), expected);
    assert.equal(validate(shape, { RoutingWeights: { 2: null } }).length, 1);
    assert.deepEqual(validate(shape, { RoutingWeights: { 2: 50 } }), []);
  });

  test('a stricter expression than the quoted pattern decides, while the message quotes the model', () => {
    const shape = structure({ Qualifier: { type: 'string', pattern: '(|[a-zA-Z0-9$_-]+)', matches: /^(\$LATEST|[a-zA-Z0-9-_]+)$/ } });
    assert.equal(validate(shape, { Qualifier: '' })[0]?.constraint, constraint.pattern('(|[a-zA-Z0-9$_-]+)'));
    assert.deepEqual(validate(shape, { Qualifier: 'live' }), []);
  });

  test('violations can be worded alone, and unquoted as Lambda does for runtimes', () => {
    const v = { at: 'runtime', value: 'PYTHON3.9', constraint: constraint.enum(['python3.12']) };
    assert.equal(
      describeViolation(v, { unquoted: true }),
      "Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [python3.12]",
    );
  });

  test('assertValid throws a 400 ValidationException', () => {
    assert.throws(
      () => assertValid(CONFIG, {}),
      (err: unknown) => err instanceof AwsError && err.code === 'ValidationException' && err.status === 400,
    );
    assert.equal(validationException([]).code, 'ValidationException');
  });
});

describe('JSON body parser', () => {
  test('an empty body is an empty object and an object is itself', () => {
    assert.deepEqual(parseJsonBody(Buffer.alloc(0)), {});
    assert.deepEqual(parseJsonBody(Buffer.from('{"A":1}')), { A: 1 });
  });

  test('bad JSON is a REST-JSON InvalidRequestContentException naming the token, never {}', () => {
    assert.throws(
      () => parseJsonBody(Buffer.from('not json')),
      (err: unknown) =>
        err instanceof AwsError &&
        err.code === 'InvalidRequestContentException' &&
        err.status === 400 &&
        err.message.startsWith("Could not parse request body into json: Unrecognized token 'not'"),
    );
    assert.throws(
      () => parseJsonBody(Buffer.from('[1]')),
      (err: unknown) => err instanceof AwsError && err.code === 'InvalidRequestContentException',
    );
  });

  test('a JSON-RPC caller gets SerializationException', () => {
    assert.throws(
      () => parseJsonBody(Buffer.from('{'), jsonRpcMalformedBody),
      (err: unknown) => err instanceof AwsError && err.code === 'SerializationException',
    );
  });
});
