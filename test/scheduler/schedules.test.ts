import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock.js';
import { clientConfig, eventually, startTributary } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { collect, observed } from '../support/observed.js';
import { createFunction, RECORDING_HANDLER, recorder, tempDirPerSuite } from '../async/helpers.js';
import { createQueue, receiveMessages } from '../events/helpers.js';
import { tempDir } from '../support/functions.js';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler-role`;
const OFF = { Mode: 'OFF' as const };
const bodies = async (sqs: SQSClient, url: string, n: number) => (await receiveMessages(sqs, url, n, 10_000, 0)).map((m) => m.Body!);

describe('EventBridge Scheduler on a manual clock', () => {
  // Saturday 2026-03-07 00:00 UTC: New York springs forward on Sunday the 8th.
  const clock = new ManualClock(Date.UTC(2026, 2, 7, 0, 0, 0));
  const t = tributaryPerSuite({ clock });
  const scheduler = clientPerSuite(t, (url) => new SchedulerClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const events = clientPerSuite(t, (url) => new EventBridgeClient(clientConfig(url)));
  const dir = tempDirPerSuite('tributary-scheduler-');

  test('rate(5 minutes) starts at once without a StartDate, then every five minutes; the queue gets the raw Input', async () => {
    const queue = await createQueue(sqs, 'every-five');
    const created = await scheduler.send(
      new CreateScheduleCommand({
        Name: 'every-five',
        ScheduleExpression: 'rate(5 minutes)',
        FlexibleTimeWindow: OFF,
        Target: { Arn: queue.arn, RoleArn: ROLE, Input: '{"tick":true}' },
      }),
    );
    assert.equal(created.ScheduleArn, `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/every-five`);
    assert.deepEqual(await bodies(sqs, queue.url, 1), ['{"tick":true}']);
    clock.advance(5 * 60_000);
    assert.deepEqual(await bodies(sqs, queue.url, 1), ['{"tick":true}']);
    const got = await scheduler.send(new GetScheduleCommand({ Name: 'every-five' }));
    assert.equal(got.State, 'ENABLED');
    assert.equal(got.GroupName, 'default');
    assert.equal(got.ActionAfterCompletion, 'NONE');
    assert.deepEqual(got.Target?.RetryPolicy, { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
    await scheduler.send(
      new UpdateScheduleCommand({
        Name: 'every-five',
        ScheduleExpression: 'rate(5 minutes)',
        State: 'DISABLED',
        FlexibleTimeWindow: OFF,
        Target: { Arn: queue.arn, RoleArn: ROLE, Input: '{}' },
      }),
    );
  });

  test('cron in America/New_York keeps 09:00 local across the spring-forward change', async () => {
    const queue = await createQueue(sqs, 'nine-am');
    await scheduler.send(
      new CreateScheduleCommand({
        Name: 'nine-am',
        ScheduleExpression: 'cron(0 9 * * ? *)',
        ScheduleExpressionTimezone: 'America/New_York',
        FlexibleTimeWindow: OFF,
        Target: { Arn: queue.arn, RoleArn: ROLE, Input: '"nine"' },
      }),
    );
    const seen = collect(t, ['schedule.fired']);
    for (let hour = 0; hour < 48; hour++) clock.advance(3_600_000);
    const fired = await seen.atLeast(2, (o) => o.type === 'schedule.fired' && o.scheduleArn.endsWith('/nine-am'));
    seen.stop();
    assert.deepEqual(
      fired.map((o) => (o as { scheduledTime: string }).scheduledTime),
      ['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z'],
    );
    assert.equal((await bodies(sqs, queue.url, 2)).length, 2);
  });

  test('at() in a time zone invokes Lambda with the Input as the event, then deletes itself', async () => {
    const rec = recorder(dir, 'at');
    const fn = await createFunction(lambda, 'scheduled-fn', RECORDING_HANDLER, { environment: { RECORD_FILE: rec.file } });
    const now = clock.now();
    const at = new Date(now + 30 * 60_000);
    // 30 minutes from now, written as Tokyo wall time (UTC+9, no DST).
    const tokyo = new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 19);
    await scheduler.send(
      new CreateScheduleCommand({
        Name: 'once',
        ScheduleExpression: `at(${tokyo})`,
        ScheduleExpressionTimezone: 'Asia/Tokyo',
        FlexibleTimeWindow: OFF,
        ActionAfterCompletion: 'DELETE',
        Target: { Arn: fn, RoleArn: ROLE, Input: '{"job":"report"}' },
      }),
    );
    const ran = observed(t, 'invocation.finished', (o) => o.ids.functionArn === fn);
    const fired = observed(t, 'schedule.fired', (o) => o.scheduleArn.endsWith('/once'));
    clock.advance(30 * 60_000);
    assert.equal((await fired).scheduledTime, at.toISOString().replace(/\.\d{3}Z$/, '.000Z'));
    await ran;
    assert.deepEqual(rec.lines()[0]!.event, { job: 'report' });
    await assert.rejects(scheduler.send(new GetScheduleCommand({ Name: 'once' })), {
      name: 'ResourceNotFoundException',
      message: 'Schedule once does not exist.',
    });
  });

  test('a FLEXIBLE window delivers at a moment inside the window after the scheduled time, not at its start', async () => {
    const queue = await createQueue(sqs, 'flexible-window');
    const due = clock.now() + 60 * 60_000;
    await scheduler.send(
      new CreateScheduleCommand({
        Name: 'flexible-once',
        ScheduleExpression: `at(${new Date(due).toISOString().slice(0, 19)})`,
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 },
        ActionAfterCompletion: 'DELETE',
        Target: { Arn: queue.arn, RoleArn: ROLE, Input: '{"flexible":true}' },
      }),
    );
    const fired = observed(t, 'schedule.fired', (o) => o.scheduleArn.endsWith('/flexible-once'));
    const delivered = observed(t, 'target.delivered', (o) => o.ruleArn.endsWith('/flexible-once'), { timeoutMs: 20_000 });
    clock.advance(60 * 60_000);
    assert.equal((await fired).scheduledTime, new Date(due).toISOString());
    // Minute by minute through the window: the delivery lands somewhere inside it.
    let deliveredAt: number | undefined;
    void delivered.then((o) => {
      deliveredAt = o.time;
    });
    for (let minute = 0; minute < 10 && deliveredAt === undefined; minute++) {
      await new Promise((r) => setTimeout(r, 50));
      if (deliveredAt === undefined) clock.advance(60_000);
    }
    const o = await delivered;
    assert.ok(o.time > due && o.time <= due + 10 * 60_000, `delivered ${o.time - due} ms after the scheduled time`);
    assert.deepEqual(await bodies(sqs, queue.url, 1), ['{"flexible":true}']);
  });

  test('an EventBridge target puts one entry with EventBridgeParameters', async () => {
    const queue = await createQueue(sqs, 'from-scheduler');
    await events.send(new PutRuleCommand({ Name: 'from-scheduler', EventPattern: JSON.stringify({ source: ['my.scheduler'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'from-scheduler', Targets: [{ Id: 'q', Arn: queue.arn }] }));
    await scheduler.send(
      new CreateScheduleCommand({
        Name: 'to-bus',
        ScheduleExpression: 'rate(1 hour)',
        FlexibleTimeWindow: OFF,
        Target: {
          Arn: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`,
          RoleArn: ROLE,
          Input: '{"from":"scheduler"}',
          EventBridgeParameters: { DetailType: 'Hourly', Source: 'my.scheduler' },
        },
      }),
    );
    const body = JSON.parse((await bodies(sqs, queue.url, 1))[0]!);
    assert.equal(body['detail-type'], 'Hourly');
    assert.equal(body.source, 'my.scheduler');
    assert.deepEqual(body.detail, { from: 'scheduler' });
  });

  test('a target that fails goes to the dead-letter queue with Scheduler’s attributes', async () => {
    const dlq = await createQueue(sqs, 'scheduler-dlq');
    const moved = observed(t, 'dlq.moved', (o) => o.targetArn === dlq.arn);
    await scheduler.send(
      new CreateScheduleCommand({
        Name: 'to-nowhere',
        ScheduleExpression: 'rate(1 day)',
        FlexibleTimeWindow: OFF,
        Target: {
          Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:no-such-function`,
          RoleArn: ROLE,
          Input: '{"lost":true}',
          RetryPolicy: { MaximumRetryAttempts: 0 },
          DeadLetterConfig: { Arn: dlq.arn },
        },
      }),
    );
    await moved;
    const [m] = await receiveMessages(sqs, dlq.url, 1, 10_000, 0);
    assert.equal(m!.Body, '{"lost":true}');
    const attrs = m!.MessageAttributes!;
    assert.equal(attrs['X-Amz-Scheduler-Schedule']?.StringValue, 'to-nowhere');
    assert.equal(attrs['X-Amz-Scheduler-Group']?.StringValue, 'default');
    assert.equal(attrs['X-Amz-Scheduler-Target-Arn']?.StringValue, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:no-such-function`);
    assert.equal(attrs['X-Amz-Scheduler-Attempt']?.StringValue, '1');
    assert.ok(attrs['X-Amz-Scheduler-Error-Code']?.StringValue);
  });

  test('groups, conflicts, client tokens and validation', async () => {
    const group = await scheduler.send(new CreateScheduleGroupCommand({ Name: 'jobs' }));
    assert.equal(group.ScheduleGroupArn, `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/jobs`);
    assert.equal((await scheduler.send(new GetScheduleGroupCommand({ Name: 'jobs' }))).State, 'ACTIVE');
    const names = (await scheduler.send(new ListScheduleGroupsCommand({}))).ScheduleGroups?.map((g) => g.Name);
    assert.deepEqual(names, ['default', 'jobs']);
    const request = {
      Name: 'nightly',
      GroupName: 'jobs',
      ScheduleExpression: 'cron(0 2 * * ? *)',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE' as const, MaximumWindowInMinutes: 15 },
      ClientToken: 'token-1',
      Target: { Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:every-five`, RoleArn: ROLE, Input: '{}' },
    };
    const first = await scheduler.send(new CreateScheduleCommand(request));
    const again = await scheduler.send(new CreateScheduleCommand(request));
    assert.equal(again.ScheduleArn, first.ScheduleArn);
    await assert.rejects(scheduler.send(new CreateScheduleCommand({ ...request, ClientToken: 'token-2' })), {
      name: 'ConflictException',
      message: 'Schedule nightly already exists.',
    });
    const listed = await scheduler.send(new ListSchedulesCommand({ GroupName: 'jobs' }));
    assert.deepEqual(
      listed.Schedules?.map((s) => s.Name),
      ['nightly'],
    );
    await assert.rejects(scheduler.send(new CreateScheduleCommand({ ...request, Name: 'bad', ScheduleExpression: 'rate(1 minutes)' })), {
      name: 'ValidationException',
      message: 'Invalid Schedule Expression rate(1 minutes).',
    });
    await assert.rejects(scheduler.send(new CreateScheduleCommand({ ...request, Name: 'x', GroupName: 'nope' })), {
      name: 'ResourceNotFoundException',
      message: 'Schedule group nope does not exist.',
    });
    await assert.rejects(scheduler.send(new CreateScheduleCommand({ ...request, Name: 'bad name!' })), (err: Error) => {
      assert.equal(err.name, 'ValidationException');
      assert.match(err.message, /at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/);
      return true;
    });
    await scheduler.send(new DeleteScheduleGroupCommand({ Name: 'jobs' }));
    await assert.rejects(scheduler.send(new GetScheduleCommand({ Name: 'nightly', GroupName: 'jobs' })), { name: 'ResourceNotFoundException' });
  });
});

describe('EventBridge Scheduler across a restart', () => {
  test('a schedule missed while down fires once on start if still in its window; one outside it does not', async () => {
    const dataDir = tempDir('tributary-scheduler-restart-');
    const start = Date.UTC(2026, 5, 1, 12, 0, 0);
    const first = await startTributary({ clock: new ManualClock(start), dataDir });
    let queueUrl: string;
    try {
      const sqs = new SQSClient(clientConfig(first.url));
      const scheduler = new SchedulerClient(clientConfig(first.url));
      const queue = await createQueue(sqs, 'missed');
      queueUrl = queue.url;
      const at = new Date(start + 10 * 60_000).toISOString().slice(0, 19);
      for (const [name, window] of [
        ['flexible', { Mode: 'FLEXIBLE' as const, MaximumWindowInMinutes: 15 }],
        ['strict', { Mode: 'OFF' as const }],
      ] as const) {
        await scheduler.send(
          new CreateScheduleCommand({
            Name: name,
            ScheduleExpression: `at(${at})`,
            FlexibleTimeWindow: window,
            ActionAfterCompletion: 'DELETE',
            Target: { Arn: queue.arn, RoleArn: ROLE, Input: JSON.stringify({ name }) },
          }),
        );
      }
      sqs.destroy();
      scheduler.destroy();
    } finally {
      await first.stop();
    }
    // Twelve minutes later: `flexible` is 2 minutes late inside its 15-minute window, `strict` is past its minute.
    const second = await startTributary({ clock: new ManualClock(start + 12 * 60_000), dataDir });
    try {
      const sqs = new SQSClient(clientConfig(second.url));
      const scheduler = new SchedulerClient(clientConfig(second.url));
      await eventually(async () => ((await scheduler.send(new ListSchedulesCommand({}))).Schedules?.length === 0 ? true : undefined));
      assert.deepEqual(await bodies(sqs, queueUrl!, 1), ['{"name":"flexible"}']);
      sqs.destroy();
      scheduler.destroy();
    } finally {
      await second.stop();
    }
  });
});
