import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tributaryPerSuite } from '../support/suite.js';
import { runPython } from '../support/aws-cli.js';

const BOTO3_SCRIPT = `
import json, sys, time, boto3, botocore
endpoint = sys.argv[1]
logs = boto3.client("logs", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
def error(call):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]
out = {}
for name in ["/app/api", "/app/web", "/other/x"]:
    logs.create_log_group(logGroupName=name)
out["duplicate_group"] = error(lambda: logs.create_log_group(logGroupName="/app/api"))
pages = logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix="/app/", PaginationConfig={"PageSize": 1})
out["group_pages"] = [[g["logGroupName"] for g in p["logGroups"]] for p in pages]
group = logs.describe_log_groups(logGroupNamePrefix="/app/api")["logGroups"][0]
out["group"] = {k: group[k] for k in ("logGroupName", "arn", "metricFilterCount")}

now = int(time.time() * 1000)
logs.create_log_stream(logGroupName="/app/api", logStreamName="s-old")
logs.create_log_stream(logGroupName="/app/api", logStreamName="s-new")
out["duplicate_stream"] = error(lambda: logs.create_log_stream(logGroupName="/app/api", logStreamName="s-old"))
logs.put_log_events(logGroupName="/app/api", logStreamName="s-old",
                    logEvents=[{"timestamp": now - 5000 + i, "message": "old %d" % i} for i in range(5)])
logs.put_log_events(logGroupName="/app/api", logStreamName="s-new",
                    logEvents=[{"timestamp": now - 1000, "message": "new ERROR disk full"}, {"timestamp": now - 900, "message": "new ok"}])
out["unordered"] = error(lambda: logs.put_log_events(logGroupName="/app/api", logStreamName="s-old",
                    logEvents=[{"timestamp": now, "message": "b"}, {"timestamp": now - 1, "message": "a"}]))
too_new = logs.put_log_events(logGroupName="/app/api", logStreamName="s-old",
                    logEvents=[{"timestamp": now - 100, "message": "fresh"}, {"timestamp": now + 3 * 3600000, "message": "future"}])
out["rejected_new"] = too_new.get("rejectedLogEventsInfo")
too_old = logs.put_log_events(logGroupName="/app/api", logStreamName="s-old", logEvents=[{"timestamp": now - 20 * 86400000, "message": "ancient"}])
out["rejected_old"] = too_old.get("rejectedLogEventsInfo")
out["missing_stream"] = error(lambda: logs.put_log_events(logGroupName="/app/api", logStreamName="nope", logEvents=[{"timestamp": now, "message": "x"}]))

by_time = logs.describe_log_streams(logGroupName="/app/api", orderBy="LastEventTime", descending=True)["logStreams"]
out["streams_by_time"] = [s["logStreamName"] for s in by_time]
out["streams_by_name"] = [s["logStreamName"] for s in logs.describe_log_streams(logGroupIdentifier="/app/api", logStreamNamePrefix="s-")["logStreams"]]
out["prefix_and_time"] = error(lambda: logs.describe_log_streams(logGroupName="/app/api", orderBy="LastEventTime", logStreamNamePrefix="s"))

head = logs.get_log_events(logGroupName="/app/api", logStreamName="s-old", startFromHead=True, limit=2)
forward = [e["message"] for e in head["events"]]
token = head["nextForwardToken"]
while True:
    page = logs.get_log_events(logGroupName="/app/api", logStreamName="s-old", nextToken=token, limit=2)
    forward += [e["message"] for e in page["events"]]
    if page["nextForwardToken"] == token:
        break
    token = page["nextForwardToken"]
out["forward"] = forward
out["forward_token"] = token
tail = logs.get_log_events(logGroupName="/app/api", logStreamName="s-old", limit=2)
out["tail"] = [e["message"] for e in tail["events"]]
back = logs.get_log_events(logGroupName="/app/api", logStreamName="s-old", nextToken=tail["nextBackwardToken"], limit=2)
out["back"] = [e["message"] for e in back["events"]]
out["bad_token"] = error(lambda: logs.get_log_events(logGroupName="/app/api", logStreamName="s-old", nextToken="zzz"))

filtered = [e["message"] for p in logs.get_paginator("filter_log_events").paginate(logGroupName="/app/api", PaginationConfig={"PageSize": 2}) for e in p["events"]]
out["filtered_all"] = filtered
out["filtered_error"] = [e["message"] for e in logs.filter_log_events(logGroupName="/app/api", filterPattern="ERROR")["events"]]
out["filtered_range"] = [e["message"] for e in logs.filter_log_events(logGroupName="/app/api", startTime=now - 4999, endTime=now - 4997)["events"]]
out["filtered_streams"] = [e["message"] for e in logs.filter_log_events(logGroupName="/app/api", logStreamNames=["s-new"], filterPattern="?ok ?full")["events"]]
logs.put_log_events(logGroupName="/app/api", logStreamName="s-new", logEvents=[{"timestamp": now, "message": '{"level": "error", "ms": 12}'}, {"timestamp": now, "message": '{"level": "info", "ms": 3}'}])
out["json_pattern"] = [e["message"] for e in logs.filter_log_events(logGroupName="/app/api", filterPattern='{ $.level = "error" }')["events"]]
out["bad_pattern"] = error(lambda: logs.filter_log_events(logGroupName="/app/api", filterPattern='{ $.level = '))

logs.create_log_group(logGroupName="/tagged/Group-One", tags={"team": "core"})
arn = "arn:aws:logs:us-east-1:123456789012:log-group:/tagged/Group-One"
logs.tag_resource(resourceArn=arn, tags={"env": "dev"})
logs.untag_resource(resourceArn=arn, tagKeys=["team"])
out["tags"] = logs.list_tags_for_resource(resourceArn=arn + ":*")["tags"]
out["tags_by_name"] = logs.list_tags_log_group(logGroupName="/tagged/Group-One")["tags"]
out["by_pattern"] = [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePattern="group-one")["logGroups"]]
out["prefix_and_pattern"] = error(lambda: logs.describe_log_groups(logGroupNamePattern="x", logGroupNamePrefix="/"))
logs.put_retention_policy(logGroupName="/app/api", retentionInDays=7)
out["retention"] = logs.describe_log_groups(logGroupNamePrefix="/app/api")["logGroups"][0].get("retentionInDays")
out["bad_retention"] = error(lambda: logs.put_retention_policy(logGroupName="/app/api", retentionInDays=8))
logs.delete_log_group(logGroupName="/app/api")
out["after_delete"] = error(lambda: logs.describe_log_streams(logGroupName="/app/api"))
out["delete_again"] = error(lambda: logs.delete_log_group(logGroupName="/app/api"))
print(json.dumps(out))
`;

describe('the CloudWatch Logs API through boto3', () => {
  const t = tributaryPerSuite();

  test('groups, streams, PutLogEvents, GetLogEvents tokens and FilterLogEvents behave as AWS documents them', async () => {
    const out = await runPython(BOTO3_SCRIPT, [t.url]);
    assert.deepEqual(out.duplicate_group, ['ResourceAlreadyExistsException', 'The specified log group already exists']);
    assert.deepEqual(out.group_pages, [['/app/api'], ['/app/web']]);
    assert.deepEqual(out.group, { logGroupName: '/app/api', arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/app/api:*', metricFilterCount: 0 });
    assert.deepEqual(out.duplicate_stream, ['ResourceAlreadyExistsException', 'The specified log stream already exists']);
    assert.deepEqual(out.unordered, ['InvalidParameterException', 'Log events in a single PutLogEvents request must be in chronological order.']);
    assert.deepEqual(out.rejected_new, { tooNewLogEventStartIndex: 1 });
    assert.deepEqual(out.rejected_old, { tooOldLogEventEndIndex: 1 });
    assert.deepEqual(out.missing_stream, ['ResourceNotFoundException', 'The specified log stream does not exist.']);

    assert.deepEqual(out.streams_by_time, ['s-old', 's-new'], 's-old has the latest event ("fresh")');
    assert.deepEqual(out.streams_by_name, ['s-new', 's-old']);
    assert.deepEqual(out.prefix_and_time, ['InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.']);

    assert.deepEqual(out.forward, ['old 0', 'old 1', 'old 2', 'old 3', 'old 4', 'fresh']);
    assert.match(out.forward_token, /^f\/\d{56}$/);
    assert.deepEqual(out.tail, ['old 4', 'fresh']);
    assert.deepEqual(out.back, ['old 2', 'old 3']);
    assert.deepEqual(out.bad_token, ['InvalidParameterException', 'The specified nextToken is invalid.']);

    assert.deepEqual(out.filtered_all, ['old 0', 'old 1', 'old 2', 'old 3', 'old 4', 'new ERROR disk full', 'new ok', 'fresh']);
    assert.deepEqual(out.filtered_error, ['new ERROR disk full']);
    assert.deepEqual(out.filtered_range, ['old 1', 'old 2', 'old 3'], 'startTime and endTime are both inclusive');
    assert.deepEqual(out.filtered_streams, ['new ERROR disk full', 'new ok']);
    assert.deepEqual(out.json_pattern, ['{"level": "error", "ms": 12}']);
    assert.equal(out.bad_pattern[0], 'InvalidParameterException');

    assert.deepEqual(out.tags, { env: 'dev' });
    assert.deepEqual(out.tags_by_name, { env: 'dev' });
    assert.deepEqual(out.by_pattern, ['/tagged/Group-One'], 'logGroupNamePattern matches anywhere, case-insensitively');
    assert.deepEqual(out.prefix_and_pattern, [
      'InvalidParameterException',
      'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    ]);
    assert.equal(out.retention, 7);
    assert.equal(out.bad_retention[0], 'InvalidParameterException');
    assert.deepEqual(out.after_delete, ['ResourceNotFoundException', 'The specified log group does not exist.']);
    assert.deepEqual(out.delete_again, ['ResourceNotFoundException', 'The specified log group does not exist.']);
  });

  test('input is checked against the Logs model, violations worded as AWS does', async () => {
    const res = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: {
        'x-amz-target': 'Logs_20140328.GetLogEvents',
        'content-type': 'application/x-amz-json-1.1',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: JSON.stringify({ logGroupName: 'bad name!', limit: 0 }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'InvalidParameterException');
    assert.equal(
      body.message,
      "3 validation errors detected: Value 'bad name!' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+; " +
        "Value null at 'logStreamName' failed to satisfy constraint: Member must not be null; " +
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});
