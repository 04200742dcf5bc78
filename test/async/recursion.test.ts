import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand, PutFunctionRecursionConfigCommand } from '@aws-sdk/client-lambda';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { lineageKey } from '../../src/tracing/lineage.js';
import { createFunction, createRecordingFunction, recorder, tempDirPerSuite } from './helpers.js';

/** Records each run, then invokes itself asynchronously through the SDK until `n` reaches `max`. */
const SELF_INVOKING = `
const fs = require('node:fs');
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const client = new LambdaClient({ endpoint: process.env.AWS_ENDPOINT_URL });
exports.handler = async (event) => {
  fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify({ event, trace: process.env._X_AMZN_TRACE_ID ?? null }) + '\\n');
  if (event.n >= event.max) return 'done';
  await client.send(new InvokeCommand({
    FunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    InvocationType: 'Event',
    Payload: JSON.stringify({ n: event.n + 1, max: event.max }),
  }));
  return 'next';
};
`;

describe('recursive loop detection', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const dir = tempDirPerSuite('tributary-recursion-');

  test('a function invoking itself is stopped after 16 invocations and the blocked event goes to its failure destination', async () => {
    const runs = recorder(dir, 'looper');
    await createFunction(lambda, 'looper', SELF_INVOKING, { environment: { RECORD_FILE: runs.file } });
    const sink = await createRecordingFunction(lambda, dir, 'loop-failures');
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'looper', DestinationConfig: { OnFailure: { Destination: sink.arn } } }));

    await lambda.send(new InvokeCommand({ FunctionName: 'looper', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ n: 1, max: 40 })) }));
    const [blocked] = await eventually(() => (sink.record.lines().length ? sink.record.lines() : undefined), 30_000, 'the blocked event');
    assert.deepEqual(blocked!.event.requestPayload, { n: 17, max: 40 });
    assert.equal(blocked!.event.requestContext.functionArn.endsWith(':function:looper:$LATEST'), true);
    const lines = runs.lines();
    assert.deepEqual(
      lines.map((l) => l.event.n),
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    assert.match(lines[15]!.trace ?? '', /;Lineage=[0-9a-f]{8}:16$/);
    assert.equal(new Set(lines.map((l) => /Root=([^;]+)/.exec(l.trace ?? '')?.[1])).size, 1, 'one trace root for the whole chain');
  });

  test('with RecursiveLoop Allow the chain continues past 16', async () => {
    const runs = recorder(dir, 'allowed');
    await createFunction(lambda, 'allowed', SELF_INVOKING, { environment: { RECORD_FILE: runs.file } });
    await lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'allowed', RecursiveLoop: 'Allow' }));
    await lambda.send(new InvokeCommand({ FunctionName: 'allowed', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ n: 1, max: 20 })) }));
    const lines = await eventually(() => (runs.lines().length >= 20 ? runs.lines() : undefined), 30_000, 'twenty runs');
    assert.deepEqual(
      lines.map((l) => l.event.n),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  test('a synchronous invoke whose trace already counts 16 runs of the function answers RecursiveInvocationException', async () => {
    const { arn, record } = await createRecordingFunction(lambda, dir, 'sync-target');
    const client = new LambdaClient(clientConfig(t.url));
    let traceHeader = '';
    client.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['X-Amzn-Trace-Id'] = traceHeader;
        return next(args);
      },
      { step: 'build' },
    );
    const lineage = (count: number) => `Root=1-6a000000-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0;Lineage=${lineageKey(arn)}:${count}`;
    try {
      traceHeader = lineage(15);
      const sixteenth = await client.send(new InvokeCommand({ FunctionName: 'sync-target', Payload: Buffer.from('{"n":16}') }));
      assert.equal(sixteenth.StatusCode, 200);
      assert.match(
        record.lines()[0]?.trace ?? '',
        new RegExp(`^Root=1-6a000000-0123456789abcdef01234567;Parent=[0-9a-f]{16};Sampled=0;Lineage=${lineageKey(arn)}:16$`),
      );

      traceHeader = lineage(16);
      await assert.rejects(
        client.send(new InvokeCommand({ FunctionName: 'sync-target', Payload: Buffer.from('{"n":17}') })),
        (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(err.name, 'RecursiveInvocationException');
          assert.equal(err.$metadata?.httpStatusCode, 400);
          return true;
        },
      );
      assert.equal(record.lines().length, 1);
    } finally {
      client.destroy();
    }
  });
});
