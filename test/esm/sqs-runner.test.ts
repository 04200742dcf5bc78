import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../src/clock.js';
import type { SqsPort, SqsReceivedMessage } from '../../src/contracts.js';
import type { GatewayInvokeRequest } from '../../src/gateway/types.js';
import type { EventSourceMapping } from '../../src/event-sources/model.js';
import { SqsMappingRunner } from '../../src/event-sources/sqs/runner.js';
import type { RunnerContext } from '../../src/event-sources/source-kind.js';
import type { LambdaInternals, ResolvedFunction } from '../../src/services/lambda/internal-api.js';
import { eventually } from '../support/tributary.js';
import { resolvedFunction } from '../support/functions.js';

/** What the scripted function answers. */
type SyncInvokeOutcome = { kind: 'success' | 'function-error'; payload: Buffer; executedVersion: string } | { kind: 'throttled'; message: string };

const ARN = 'arn:aws:sqs:us-east-1:123456789012:q';

/** An in-memory queue behind the SqsPort contract, and a function that answers as told. */
function harness(messages: SqsReceivedMessage[], answer: (payload: any) => SyncInvokeOutcome, fifo = false) {
  const waiting = [...messages];
  const deleted: string[] = [];
  const invocations: any[] = [];
  const sqs: SqsPort = {
    queueInfo: () => ({ arn: ARN, url: 'http://x/123456789012/q', fifo, visibilityTimeoutSeconds: 30, region: 'us-east-1', accountId: '123456789012' }),
    sendMessage: async () => ({ messageId: 'x' }),
    receive: async (_arn, { max, waitMs, signal }) => {
      if (waiting.length === 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(waitMs, 50));
          signal?.addEventListener(
            'abort',
            () => {
              clearTimeout(t);
              resolve();
            },
            { once: true },
          );
        });
      }
      return waiting.splice(0, max);
    },
    deleteMessages: async (_arn, handles) => {
      deleted.push(...handles);
    },
    changeVisibility: async () => {},
  };
  const fn: ResolvedFunction = resolvedFunction();
  const internals: LambdaInternals = { resolve: () => fn };
  const gateway = {
    resolve: () => fn,
    invoke: async (request: GatewayInvokeRequest): Promise<unknown> => {
      const payload = JSON.parse(request.payload.toString());
      invocations.push({ payload, bytes: request.payload.length });
      const outcome = answer(payload);
      return outcome.kind === 'throttled' ? { kind: 'throttled', fn, error: new Error(outcome.message) } : { ...outcome, fn, durationMs: 1 };
    },
  };
  const ctx = {
    deps: { clock: new SystemClock(), ports: { sqs }, config: { maxConcurrencyPerFunction: 10 }, logger: { warn: () => {} }, gateway },
    internals,
  } as unknown as RunnerContext;
  return { ctx, deleted, invocations };
}

function mapping(overrides: Partial<EventSourceMapping> = {}): EventSourceMapping {
  return {
    uuid: 'u',
    accountId: '123456789012',
    region: 'us-east-1',
    eventSourceArn: ARN,
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    enabled: true,
    state: 'Enabled',
    lastModified: 0,
    batchSize: 10,
    maximumBatchingWindowInSeconds: 0,
    functionResponseTypes: [],
    ...overrides,
  };
}

function message(id: string, body: string, attributes: Record<string, string> = {}): SqsReceivedMessage {
  return { messageId: id, receiptHandle: `rh-${id}`, body, md5OfBody: 'm', attributes: { ApproximateReceiveCount: '1', ...attributes }, messageAttributes: {} };
}

const ok = (): SyncInvokeOutcome => ({ kind: 'success', payload: Buffer.from('null'), executedVersion: '$LATEST' });

describe('the SQS poller and sender', () => {
  test('a batch closes before the 6 MB payload limit and the rest opens the next batch', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const h = harness(
      Array.from({ length: 7 }, (_, i) => message(`m${i}`, big)),
      ok,
    );
    const runner = new SqsMappingRunner(mapping({ batchSize: 100, maximumBatchingWindowInSeconds: 1 }), h.ctx);
    await eventually(() => (h.deleted.length === 7 ? true : undefined), 5000);
    await runner.stop();
    assert.deepEqual(
      h.invocations.map((i) => i.payload.Records.length),
      [5, 2],
    );
    assert.ok(h.invocations.every((i) => i.bytes <= 6 * 1024 * 1024));
  });

  test('on a FIFO queue, the messages after a failed one in its group are kept too', async () => {
    const msgs = [
      message('a1', 'a1', { MessageGroupId: 'a' }),
      message('b1', 'b1', { MessageGroupId: 'b' }),
      message('a2', 'a2', { MessageGroupId: 'a' }),
      message('a3', 'a3', { MessageGroupId: 'a' }),
      message('b2', 'b2', { MessageGroupId: 'b' }),
    ];
    const h = harness(
      msgs,
      () => ({ kind: 'success', payload: Buffer.from('{"batchItemFailures":[{"itemIdentifier":"a2"}]}'), executedVersion: '$LATEST' }),
      true,
    );
    const runner = new SqsMappingRunner(mapping({ functionResponseTypes: ['ReportBatchItemFailures'] }), h.ctx);
    await eventually(() => (h.deleted.length === 3 ? true : undefined), 5000);
    await runner.stop();
    assert.deepEqual(h.deleted.sort(), ['rh-a1', 'rh-b1', 'rh-b2']);
  });

  test('a failed or persistently throttled invoke deletes nothing', async () => {
    for (const outcome of [
      { kind: 'throttled', message: 'Rate Exceeded.' },
      { kind: 'function-error', payload: Buffer.from('{}'), executedVersion: '$LATEST' },
    ] as SyncInvokeOutcome[]) {
      const h = harness([message('m1', 'x'), message('m2', 'y')], () => outcome);
      const runner = new SqsMappingRunner(mapping(), h.ctx);
      await eventually(() => (h.invocations.length === 1 ? true : undefined), 5000);
      await runner.stop();
      assert.deepEqual(h.deleted, []);
    }
  });

  test('a throttled batch is retried while its messages are still hidden', async () => {
    let calls = 0;
    const h = harness([message('m1', 'x')], () => (++calls < 3 ? { kind: 'throttled', message: 'Rate Exceeded.' } : ok()));
    const runner = new SqsMappingRunner(mapping(), h.ctx);
    await eventually(() => (h.deleted.length === 1 ? true : undefined), 5000);
    await runner.stop();
    assert.equal(h.invocations.length, 3);
  });

  test('no more batches run at once than MaximumConcurrency allows', async () => {
    let running = 0;
    let peak = 0;
    const h = harness(
      Array.from({ length: 12 }, (_, i) => message(`m${i}`, 'x')),
      ok,
    );
    const gateway = h.ctx.deps.gateway;
    const invoke = gateway.invoke.bind(gateway);
    gateway.invoke = async (req) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 30));
      running--;
      return invoke(req);
    };
    const runner = new SqsMappingRunner(mapping({ batchSize: 1, maximumConcurrency: 3 }), h.ctx);
    await eventually(() => (h.deleted.length === 12 ? true : undefined), 5000);
    await runner.stop();
    assert.equal(peak, 3);
  });
});
