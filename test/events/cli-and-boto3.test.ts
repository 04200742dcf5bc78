import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tributaryPerSuite } from '../support/suite.js';
import { awsCli, CLI_V1, runPython } from '../support/aws-cli.js';

const BOTO3 = `
import json, sys, boto3
endpoint = sys.argv[1]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
events, sqs, scheduler = boto3.client("events", **kw), boto3.client("sqs", **kw), boto3.client("scheduler", **kw)
url = sqs.create_queue(QueueName="boto3-events")["QueueUrl"]
arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
events.put_rule(Name="boto3-rule", EventPattern=json.dumps({"source": ["boto3.app"], "detail": {"level": [{"equals-ignore-case": "ERROR"}]}}))
events.put_targets(Rule="boto3-rule", Targets=[{"Id": "q", "Arn": arn, "InputTransformer": {"InputPathsMap": {"msg": "$.detail.message"}, "InputTemplate": "\\"alert: <msg>\\""}}])
put = events.put_events(Entries=[{"Source": "boto3.app", "DetailType": "Log", "Detail": json.dumps({"level": "error", "message": "disk \\"full\\""})}])
body = None
for _ in range(40):
    got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
    if got:
        body = got[0]["Body"]
        break
rule = events.describe_rule(Name="boto3-rule")
scheduler.create_schedule(Name="boto3-schedule", ScheduleExpression="cron(30 7 ? * MON-FRI *)", ScheduleExpressionTimezone="Europe/Paris",
    FlexibleTimeWindow={"Mode": "OFF"}, Target={"Arn": arn, "RoleArn": "arn:aws:iam::123456789012:role/r", "Input": "{}"})
schedule = scheduler.get_schedule(Name="boto3-schedule")
try:
    scheduler.create_schedule(Name="bad", ScheduleExpression="cron(0 12 * * * *)", FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": arn, "RoleArn": "arn:aws:iam::123456789012:role/r"})
    bad = None
except scheduler.exceptions.ValidationException as e:
    bad = e.response["Error"]["Message"]
try:
    events.put_rule(Name="x", ScheduleExpression="rate(5 minute)")
    bad_rule = None
except events.exceptions.ClientError as e:
    bad_rule = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
groups = [g["Name"] for g in scheduler.list_schedule_groups()["ScheduleGroups"]]
print(json.dumps({"badRule": bad_rule, "groups": groups, "failed": put["FailedEntryCount"], "body": body, "state": rule["State"], "bus": rule["EventBusName"],
    "zone": schedule["ScheduleExpressionTimezone"], "window": schedule["FlexibleTimeWindow"], "bad": bad}))
`;

describe('EventBridge and Scheduler through boto3 and the AWS CLI', () => {
  const t = tributaryPerSuite();

  test('boto3: a rule with a string input template, and a schedule in Europe/Paris', async () => {
    const out = await runPython(BOTO3, [t.url]);
    assert.equal(out.failed, 0);
    assert.equal(out.body, '"alert: disk \\"full\\""');
    assert.equal(out.state, 'ENABLED');
    assert.equal(out.bus, 'default');
    assert.equal(out.zone, 'Europe/Paris');
    assert.deepEqual(out.window, { Mode: 'OFF' });
    assert.equal(out.bad, 'Invalid Schedule Expression cron(0 12 * * * *).');
    assert.deepEqual(out.badRule, ['ValidationException', 'Parameter ScheduleExpression is not valid.']);
    assert.deepEqual(out.groups, ['default']);
  });

  test('the AWS CLI: events put-events', async () => {
    const put = await awsCli(CLI_V1, t.url, ['events', 'put-events', '--entries', JSON.stringify([{ Source: 'cli', DetailType: 'x', Detail: '{"a":1}' }])]);
    assert.equal(put.code, 0, put.stderr);
    const parsed = JSON.parse(put.stdout);
    assert.equal(parsed.FailedEntryCount, 0);
    assert.match(parsed.Entries[0].EventId, /^[0-9a-f-]{36}$/);
  });
});
