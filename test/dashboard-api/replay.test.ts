import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateEventSourceMappingCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionDetail, QueueMessage, ReplayResult } from '../../src/dashboard/api-types.js';
import { tempDir } from '../support/functions.js';
import { observed } from '../support/observed.js';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { ACCOUNT, api, createFunction } from './helpers.js';

const arnOf = (service: string, name: string) => `arn:aws:${service}:us-east-1:${ACCOUNT}:${name}`;

describe('the dashboard API replaying what failed', () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let fnArn: string;
  const failFile = path.join(tempDir('dash-replay-'), 'failing');
  const jobsArn = arnOf('sqs', 'jobs');
  const dlqArn = arnOf('sqs', 'jobs-dlq');

  before(async () => {
    t = await startTributary({ config: { observationHistory: 1000 } });
    lambda = new LambdaClient(clientConfig(t.url));
    sqs = new SQSClient(clientConfig(t.url));
    fnArn = await createFunction(lambda, 'consumer', { FAIL_FILE: failFile });
    await sqs.send(new CreateQueueCommand({ QueueName: 'jobs-dlq' }));
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'jobs',
        Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) },
      }),
    );
  });
  after(async () => t.stop());

  test('a message that failed into the DLQ goes back to its queue, and the mapping runs it again', async () => {
    fs.writeFileSync(failFile, '');
    const failedOnce = observed(t, 'batch.finished', (o) => o.ids.sourceArn === jobsArn && o.outcome === 'function-error');
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: jobsArn, BatchSize: 1 }));
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: `${t.url}/${ACCOUNT}/jobs`,
        MessageBody: '{"job":7}',
        MessageAttributes: { tenant: { DataType: 'String', StringValue: 'acme' } },
      }),
    );
    await failedOnce;
    // SQS moves it when the mapping receives it again past maxReceiveCount (the redrive is on receive).
    await eventually(
      async () => {
        const peek = await api<{ messages: QueueMessage[] }>(t.url, `queues/${encodeURIComponent(dlqArn)}/messages`);
        return peek.body.messages.length === 1 ? true : undefined;
      },
      15_000,
      'the message in the DLQ',
    );
    const [dead] = (await api<{ messages: QueueMessage[] }>(t.url, `queues/${encodeURIComponent(dlqArn)}/messages`)).body.messages;
    assert.equal(dead!.messageId, sent.MessageId);
    assert.equal(dead!.attributes.DeadLetterQueueSourceArn, jobsArn);
    assert.deepEqual(dead!.messageAttributes.tenant, { DataType: 'String', StringValue: 'acme' });

    fs.rmSync(failFile);
    const succeeded = observed(
      t,
      'batch.finished',
      (o) => o.ids.sourceArn === jobsArn && o.outcome === 'success' && (o.ids.messageIds ?? []).includes(sent.MessageId!),
    );
    const replayed = await api<ReplayResult>(t.url, 'replay', { kind: 'dlq-message', queueArn: dlqArn, messageId: sent.MessageId });
    assert.equal(replayed.status, 200, JSON.stringify(replayed.body));
    assert.equal(replayed.body.done, 'moved to jobs');
    assert.equal(replayed.body.messageId, sent.MessageId);
    await succeeded;
    const after = await api<{ messages: QueueMessage[] }>(t.url, `queues/${encodeURIComponent(dlqArn)}/messages`);
    assert.deepEqual(after.body.messages, []);

    // The batch's invocation, replayed: the same event, synchronously, still the mapping's.
    const detail = await api<FunctionDetail>(t.url, 'functions/consumer');
    const batch = detail.body.invocations.find((i) => i.source === 'aws:sqs' && i.outcome === 'success')!;
    assert.equal(batch.mappingUuid, UUID);
    assert.equal(batch.replayable, true);
    const again = observed(
      t,
      'invocation.finished',
      (o) => o.ids.functionArn === fnArn && o.ids.invocationId !== batch.invocationId && o.ids.mappingUuid === UUID,
    );
    const rerun = await api<ReplayResult>(t.url, 'replay', { kind: 'invocation', invocationId: batch.invocationId });
    assert.equal(rerun.status, 200);
    const finished = await again;
    assert.equal(finished.ids.invocationId, rerun.body.invocationId);
    assert.equal(finished.source, 'aws:sqs');
    assert.equal(finished.outcome, 'success');
    const logs = await api<{ events: { message: string }[] }>(t.url, `functions/consumer/logs?invocation=${rerun.body.invocationId}`);
    assert.ok(logs.body.events.some((e) => e.message.includes('"body":"{\\"job\\":7}"')));
  });

  test('an invocation runs again with its event; an async one is queued again', async () => {
    const first = await lambda.send(new InvokeCommand({ FunctionName: 'consumer', Payload: JSON.stringify({ replay: 'me' }) }));
    assert.equal(first.StatusCode, 200);
    const sync = (await api<FunctionDetail>(t.url, 'functions/consumer')).body.invocations[0]!;
    assert.equal(sync.source, 'lambda:invoke');
    const rerun = await api<ReplayResult>(t.url, 'replay', { kind: 'invocation', invocationId: sync.invocationId });
    assert.equal(rerun.status, 200);
    assert.match(rerun.body.done, /^invoked consumer/);
    const logs = await api<{ events: { message: string }[] }>(t.url, `functions/consumer/logs?invocation=${rerun.body.invocationId}`);
    assert.ok(logs.body.events.some((e) => e.message.includes('event {"replay":"me"}')));

    const asyncDone = observed(t, 'invocation.finished', (o) => o.ids.functionArn === fnArn && o.source === 'lambda:invoke');
    await lambda.send(new InvokeCommand({ FunctionName: 'consumer', InvocationType: 'Event', Payload: JSON.stringify({ later: true }) }));
    const original = await asyncDone;
    const accepted = observed(t, 'event.accepted', (o) => o.ids.functionArn === fnArn);
    const queued = await api<ReplayResult>(t.url, 'replay', { kind: 'invocation', invocationId: original.ids.invocationId });
    assert.equal(queued.status, 200);
    assert.equal(queued.body.done, 'queued for consumer');
    assert.equal((await accepted).ids.invocationId, queued.body.invocationId);
  });

  test('an event too large to keep is 409; an unknown invocation, queue or message is 404; a bad request is 400', async () => {
    const big = { blob: 'x'.repeat(300 * 1024) };
    await lambda.send(new InvokeCommand({ FunctionName: 'consumer', Payload: JSON.stringify(big) }));
    const newest = (await api<FunctionDetail>(t.url, 'functions/consumer')).body.invocations[0]!;
    assert.equal(newest.replayable, false);
    const refused = await api<{ message: string }>(t.url, 'replay', { kind: 'invocation', invocationId: newest.invocationId });
    assert.equal(refused.status, 409);
    assert.match(refused.body.message, /not kept/);

    assert.equal((await api(t.url, 'replay', { kind: 'invocation', invocationId: '00000000-0000-0000-0000-000000000000' })).status, 404);
    assert.equal((await api(t.url, 'replay', { kind: 'dlq-message', queueArn: arnOf('sqs', 'nope'), messageId: 'm' })).status, 404);
    assert.equal((await api(t.url, 'replay', { kind: 'dlq-message', queueArn: dlqArn, messageId: 'gone' })).status, 404);
    // A queue nobody redrives into, with a message: no source to send it back to.
    await sqs.send(new CreateQueueCommand({ QueueName: 'loose' }));
    const loose = await sqs.send(new SendMessageCommand({ QueueUrl: `${t.url}/${ACCOUNT}/loose`, MessageBody: 'x' }));
    assert.equal((await api(t.url, 'replay', { kind: 'dlq-message', queueArn: arnOf('sqs', 'loose'), messageId: loose.MessageId })).status, 409);
    assert.equal((await api(t.url, 'replay', { kind: 'other' })).status, 400);
    assert.equal((await api(t.url, 'replay', [])).status, 400);
  });
});
