// The async queue's retry, age and destination rules, driven with a ManualClock and a scripted
// function (a fake LambdaInternals), so AWS's real minute-long delays are checked exactly.
import { Observations } from '../../src/observations/bus.js';
import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAsyncInvocations } from '../../src/async/index.js';
import { ManualClock } from '../../src/clock.js';
import { resolveConfig } from '../../src/config.js';
import type { Ports, SqsSendRequest } from '../../src/contracts.js';
import { ThrottledError, type FunctionSpec, type InvokeRequest } from '../../src/engine/types.js';
import { Gateway } from '../../src/gateway/function-gateway.js';
import { silentLogger } from '../../src/log.js';
import type { AsyncInvocations, LambdaInternals, ResolvedFunction } from '../../src/services/lambda/internal-api.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { Store } from '../../src/store/database.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:worker`;
const FAILURES = `arn:aws:sqs:${REGION}:${ACCOUNT}:failures`;
const SUCCESSES = `arn:aws:sqs:${REGION}:${ACCOUNT}:successes`;
const DLQ = `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq`;

const worker = (extra: Partial<ResolvedFunction> = {}): ResolvedFunction => ({
  accountId: ACCOUNT,
  region: REGION,
  functionName: 'worker',
  unqualifiedArn: ARN,
  qualifiedArn: `${ARN}:$LATEST`,
  version: '$LATEST',
  ...extra,
});

/** What the scripted function does on one invocation. */
type SyncInvokeOutcome = { kind: 'success' | 'function-error'; payload: Buffer; executedVersion: string } | { kind: 'throttled'; message: string };

const error = (message: string): SyncInvokeOutcome => ({
  kind: 'function-error',
  payload: Buffer.from(JSON.stringify({ errorType: 'Error', errorMessage: message, trace: [] })),
  executedVersion: '$LATEST',
});

class Harness {
  readonly clock = new ManualClock();
  readonly calls: { requestId: string; payload: Buffer; traceHeader?: string; at: number; functionName: string }[] = [];
  /** While set, invocations of `worker` wait for it. */
  hold: Promise<void> | undefined;
  readonly other = worker({ functionName: 'other', unqualifiedArn: ARN.replace('worker', 'other'), qualifiedArn: `${ARN.replace('worker', 'other')}:$LATEST` });
  readonly sent: { queue: string; message: SqsSendRequest }[] = [];
  outcomes: SyncInvokeOutcome[] = [];
  fn = worker();
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-async-'));
  readonly store = new Store(this.dataDir);
  readonly queue: AsyncInvocations;

  constructor() {
    const resolve = (ref: string) => (ref.includes('function:worker') || ref === 'worker' ? this.fn : ref.includes('function:other') ? this.other : undefined);
    const internals: LambdaInternals = { resolve };
    // The real gateway (recursion guard, outcome mapping) over a scripted engine.
    const engine = {
      invoke: async (spec: FunctionSpec, request: InvokeRequest) => {
        this.calls.push({
          requestId: request.requestId,
          payload: request.payload,
          traceHeader: request.traceId,
          at: this.clock.now(),
          functionName: spec.functionName,
        });
        if (this.hold && spec.functionName === 'worker') await this.hold;
        const outcome = this.outcomes.shift() ?? { kind: 'success', payload: Buffer.from('"ok"'), executedVersion: '$LATEST' };
        if (outcome.kind === 'throttled') throw new ThrottledError('ConcurrentInvocationLimitExceeded');
        return { outcome: outcome.kind === 'success' ? ('success' as const) : ('error' as const), payload: outcome.payload, durationMs: 1 };
      },
      retire: async () => {},
      stats: () => ({}),
      stop: async () => {},
    };
    const gateway = new Gateway({ engine, clock: this.clock, logger: silentLogger, observations: new Observations(this.clock), store: this.store });
    gateway.attach({
      find: (ref) => {
        const fn = resolve(ref);
        return fn && { fn, invokedArn: fn.qualifiedArn, notInvocable: () => undefined, spec: () => ({ functionName: fn.functionName }) as FunctionSpec };
      },
    });
    const ports: Ports = {
      sqs: {
        queueInfo: (arn) => ({ arn, url: '', fifo: false, visibilityTimeoutSeconds: 30, region: REGION, accountId: ACCOUNT }),
        sendMessage: async (queue, message) => {
          this.sent.push({ queue, message });
          return { messageId: String(this.sent.length) };
        },
        receive: async () => [],
        deleteMessages: async () => {},
        changeVisibility: async () => {},
      },
    };
    const deps: ServiceDeps = {
      config: resolveConfig({ dataDir: this.dataDir, asyncRetryDelayScale: 1 }),
      store: this.store,
      clock: this.clock,
      logger: silentLogger,
      engine,
      gateway,
      ports,
      observations: new Observations(this.clock),
      endpointUrl: () => 'http://127.0.0.1:0',
    };
    this.queue = createAsyncInvocations(deps, internals);
    this.queue.start?.();
  }

  configure(config: Record<string, unknown>): void {
    this.store.db
      .prepare(
        `INSERT OR REPLACE INTO lambda_event_invoke_configs (account_id, region, function_arn, qualifier, maximum_retry_attempts, maximum_event_age_seconds, on_success, on_failure, last_modified)
         VALUES (?, ?, ?, '$LATEST', ?, ?, ?, ?, 0)`,
      )
      .run(ACCOUNT, REGION, ARN, config.retries ?? null, config.maxAge ?? null, config.onSuccess ?? null, config.onFailure ?? null);
  }

  enqueue(payload: unknown = { n: 1 }, requestId = 'req-1'): void {
    this.queue.enqueue(this.fn, { requestId, payload: Buffer.from(JSON.stringify(payload)) });
  }

  /** Lets queued microtasks and resolved deliveries run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  }

  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.settle();
  }

  depth(): number {
    return (this.queue.health?.() as { queueDepth: number } | undefined)?.queueDepth ?? 0;
  }

  records(queue: string): Record<string, any>[] {
    return this.sent.filter((s) => s.queue === queue).map((s) => JSON.parse(s.message.body));
  }

  close(): void {
    this.queue.stop?.();
    this.store.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

describe('async queue rules', () => {
  let h: Harness;
  const harnesses: Harness[] = [];
  beforeEach(() => {
    h = new Harness();
    harnesses.push(h);
  });
  after(() => {
    for (const x of harnesses) x.close();
  });

  test('a function error is retried twice, about one and then two minutes later, with the same request id', async () => {
    h.configure({ onFailure: FAILURES });
    h.outcomes = [error('boom 1'), error('boom 2'), error('boom 3')];
    h.enqueue();
    await h.settle();
    assert.equal(h.calls.length, 1);
    await h.advance(59_999);
    assert.equal(h.calls.length, 1);
    await h.advance(1);
    assert.equal(h.calls.length, 2);
    await h.advance(119_999);
    assert.equal(h.calls.length, 2);
    await h.advance(1);
    assert.equal(h.calls.length, 3);
    assert.deepEqual(new Set(h.calls.map((c) => c.requestId)), new Set(['req-1']));
    assert.equal(new Set(h.calls.map((c) => /Root=([^;]+)/.exec(c.traceHeader ?? '')?.[1])).size, 1, 'one trace for all attempts');
    const [record] = h.records(FAILURES);
    assert.equal(record?.requestContext.condition, 'RetriesExhausted');
    assert.equal(record?.requestContext.approximateInvokeCount, 3);
    assert.equal(record?.requestContext.functionArn, `${ARN}:$LATEST`);
    assert.deepEqual(record?.requestPayload, { n: 1 });
    assert.deepEqual(record?.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.equal(record?.responsePayload.errorMessage, 'boom 3');
    assert.equal(h.depth(), 0);
  });

  test('MaximumRetryAttempts 0 sends the first failure straight on', async () => {
    h.configure({ retries: 0, onFailure: FAILURES });
    h.outcomes = [error('once')];
    h.enqueue();
    await h.settle();
    assert.equal(h.calls.length, 1);
    assert.equal(h.records(FAILURES)[0]?.requestContext.approximateInvokeCount, 1);
  });

  test('throttles do not use up retries and back off exponentially from one second', async () => {
    h.configure({ retries: 0, onSuccess: SUCCESSES });
    h.outcomes = [
      { kind: 'throttled', message: 'Rate Exceeded.' },
      { kind: 'throttled', message: 'Rate Exceeded.' },
      { kind: 'throttled', message: 'Rate Exceeded.' },
    ];
    h.enqueue();
    await h.settle();
    await h.advance(1_000);
    await h.advance(2_000);
    assert.equal(h.calls.length, 3);
    await h.advance(3_999);
    assert.equal(h.calls.length, 3);
    await h.advance(1);
    assert.equal(h.calls.length, 4);
    const [record] = h.records(SUCCESSES);
    assert.equal(record?.requestContext.condition, 'Success');
    assert.equal(record?.requestContext.approximateInvokeCount, 1);
    assert.equal(record?.responsePayload, 'ok');
    assert.equal(record?.responseContext.functionError, undefined);
  });

  test('an event older than MaximumEventAgeInSeconds goes to the failure destination as EventAgeExceeded', async () => {
    h.configure({ maxAge: 60, onFailure: FAILURES });
    h.outcomes = [error('slow')];
    h.enqueue();
    await h.settle();
    await h.advance(60_000);
    assert.equal(h.calls.length, 1);
    const [record] = h.records(FAILURES);
    assert.equal(record?.requestContext.condition, 'EventAgeExceeded');
    assert.equal(record?.requestContext.approximateInvokeCount, 1);
    assert.equal(record?.responseContext.functionError, 'Unhandled');
  });

  test('reserved concurrency 0 sends the event to the DLQ without invoking', async () => {
    h.fn = worker({ reservedConcurrency: 0, deadLetterTargetArn: DLQ });
    h.enqueue({ order: 7 }, 'req-dlq');
    await h.settle();
    assert.equal(h.calls.length, 0);
    const letter = h.sent.find((s) => s.queue === DLQ)?.message;
    assert.equal(letter?.body, JSON.stringify({ order: 7 }));
    assert.equal(letter?.messageAttributes?.RequestID?.StringValue, 'req-dlq');
    assert.equal(letter?.messageAttributes?.ErrorCode?.DataType, 'Number');
  });

  test('a function error exhausting retries reaches the DLQ with its error message', async () => {
    h.fn = worker({ deadLetterTargetArn: DLQ });
    h.configure({ retries: 0 });
    h.outcomes = [error('kaput')];
    h.enqueue();
    await h.settle();
    const letter = h.sent.find((s) => s.queue === DLQ)?.message;
    assert.deepEqual(letter?.messageAttributes, {
      RequestID: { DataType: 'String', StringValue: 'req-1' },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'kaput' },
    });
  });

  test('each delivery carries a trace header whose lineage counts the function', async () => {
    h.enqueue();
    await h.settle();
    assert.match(h.calls[0]?.traceHeader ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0;Lineage=[0-9a-f]{8}:1$/);
  });

  test('a function at its concurrency limit holds back only its own events', async () => {
    h.fn = worker({ reservedConcurrency: 2 });
    let release!: () => void;
    h.hold = new Promise((r) => (release = r));
    for (let i = 0; i < 5; i++) h.enqueue({ n: i }, `w-${i}`);
    h.queue.enqueue(h.other, { requestId: 'o-1', payload: Buffer.from('{}') });
    await h.settle();
    assert.deepEqual(h.calls.map((c) => c.requestId).sort(), ['o-1', 'w-0', 'w-1']);
    release();
    h.hold = undefined;
    await h.settle();
    assert.equal(h.calls.length, 6);
    assert.equal(h.depth(), 0);
  });
});
