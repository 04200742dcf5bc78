import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DisableRuleCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock.js';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { collect } from '../support/observed.js';
import { createQueue, receiveMessages } from './helpers.js';

const ACCOUNT = '123456789012';

describe('EventBridge scheduled rules on a manual clock', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0));
  const t = tributaryPerSuite({ clock });
  const events = clientPerSuite(t, (url) => new EventBridgeClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));

  test('rate(5 minutes) fires a Scheduled Event every five minutes, none while disabled', async () => {
    const queue = await createQueue(sqs, 'every-five');
    const rule = await events.send(new PutRuleCommand({ Name: 'every-five', ScheduleExpression: 'rate(5 minutes)' }));
    await events.send(new PutTargetsCommand({ Rule: 'every-five', Targets: [{ Id: 'q', Arn: queue.arn }] }));
    const fired = collect(t, ['rule.matched']);
    clock.advance(4 * 60_000);
    clock.advance(60_000);
    const [first] = await receiveMessages(sqs, queue.url, 1, 10_000, 0);
    const body = JSON.parse(first!.Body!);
    assert.deepEqual(Object.keys(body), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    assert.equal(body['detail-type'], 'Scheduled Event');
    assert.equal(body.source, 'aws.events');
    assert.equal(body.account, ACCOUNT);
    assert.equal(body.time, '2026-01-01T00:05:00Z');
    assert.deepEqual(body.resources, [rule.RuleArn]);
    assert.deepEqual(body.detail, {});
    clock.advance(5 * 60_000);
    const [second] = await receiveMessages(sqs, queue.url, 1, 10_000, 0);
    assert.equal(JSON.parse(second!.Body!).time, '2026-01-01T00:10:00Z');
    assert.equal(fired.of('rule.matched').filter((o) => o.ruleArn === rule.RuleArn).length, 2);
    await events.send(new DisableRuleCommand({ Name: 'every-five' }));
    clock.advance(30 * 60_000);
    await new Promise((r) => setImmediate(r));
    assert.equal(fired.of('rule.matched').filter((o) => o.ruleArn === rule.RuleArn).length, 2);
    fired.stop();
  });

  test('cron(0 12 ? * MON-FRI *) fires at noon UTC on weekdays only', async () => {
    const queue = await createQueue(sqs, 'weekday-noon');
    await events.send(new PutRuleCommand({ Name: 'weekday-noon', ScheduleExpression: 'cron(0 12 ? * MON-FRI *)' }));
    await events.send(new PutTargetsCommand({ Rule: 'weekday-noon', Targets: [{ Id: 'q', Arn: queue.arn }] }));
    // From Thursday 2026-01-01 00:40 through Monday noon: Thu, Fri and Mon.
    for (let i = 0; i < 5 * 24; i++) clock.advance(3_600_000);
    const times = (await receiveMessages(sqs, queue.url, 3, 10_000, 0)).map((m) => JSON.parse(m.Body!).time).sort();
    assert.deepEqual(times, ['2026-01-01T12:00:00Z', '2026-01-02T12:00:00Z', '2026-01-05T12:00:00Z']);
  });
});
