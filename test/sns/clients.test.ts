import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { awsCli, CLI_V1, CLI_V2, runPython } from '../support/aws-cli.js';
import { tributaryPerSuite } from '../support/suite.js';
import { createQueue, receive, sqsClient } from './helpers.js';

const BOTO3 = `
import json, sys, boto3
from botocore.config import Config
endpoint, queue_arn = sys.argv[1], sys.argv[2]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}))
sns = boto3.client("sns", **kw)
arn = sns.create_topic(Name="boto3-topic", Attributes={"DisplayName": "B"}, Tags=[{"Key": "k", "Value": "v"}])["TopicArn"]
sub = sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true", "FilterPolicy": json.dumps({"color": ["red"]})}, ReturnSubscriptionArn=True)["SubscriptionArn"]
sent = sns.publish(TopicArn=arn, Message="red one", MessageAttributes={"color": {"DataType": "String", "StringValue": "red"}})
sns.publish(TopicArn=arn, Message="blue one", MessageAttributes={"color": {"DataType": "String", "StringValue": "blue"}})
batch = sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=[{"Id": "1", "Message": "batch red", "MessageAttributes": {"color": {"DataType": "String", "StringValue": "red"}}}])
errors = {}
try:
    sns.get_topic_attributes(TopicArn=arn + "-missing")
except sns.exceptions.NotFoundException as e:
    errors["missing"] = [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
try:
    sns.publish(TopicArn=arn, Message="x", MessageAttributes={"n": {"DataType": "Number", "StringValue": "NaN-ish"}})
except sns.exceptions.InvalidParameterValueException as e:
    errors["number"] = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
print(json.dumps({
    "arn": arn,
    "attributes": sns.get_topic_attributes(TopicArn=arn)["Attributes"],
    "tags": sns.list_tags_for_resource(ResourceArn=arn)["Tags"],
    "sub": sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"],
    "topics": [t["TopicArn"] for t in sns.get_paginator("list_topics").paginate().build_full_result()["Topics"]],
    "sent": sent["MessageId"],
    "batch": [s["Id"] for s in batch["Successful"]],
    "errors": errors,
}))
`;

describe('SNS through boto3 and the AWS CLI', () => {
  const t = tributaryPerSuite();

  test('boto3 creates, subscribes with a filter policy, publishes and reads AWS errors', async () => {
    const sqs = sqsClient(t.url);
    const queue = await createQueue(sqs, 'boto3-q');
    const out = await runPython(BOTO3, [t.url, queue.arn]);
    assert.equal(out.arn, 'arn:aws:sns:us-east-1:123456789012:boto3-topic');
    assert.equal(out.attributes.DisplayName, 'B');
    assert.deepEqual(out.tags, [{ Key: 'k', Value: 'v' }]);
    assert.equal(out.sub.RawMessageDelivery, 'true');
    assert.equal(out.sub.FilterPolicy, '{"color": ["red"]}');
    assert.ok(out.topics.includes(out.arn));
    assert.deepEqual(out.batch, ['1']);
    assert.deepEqual(out.errors.missing, ['NotFound', 'Topic does not exist', 404]);
    assert.deepEqual(out.errors.number, ['ParameterValueInvalid', "Could not cast message attribute 'n' value to number."]);
    const got = await receive(sqs, queue.url, 2);
    assert.deepEqual(got.map((m) => m.Body).sort(), ['batch red', 'red one']);
    sqs.destroy();
  });

  test("the AWS CLI v2 creates a topic and shows AWS's error for a missing one", async () => {
    const created = await awsCli(CLI_V2, t.url, ['sns', 'create-topic', '--name', 'cli-v2', '--output', 'json']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).TopicArn, 'arn:aws:sns:us-east-1:123456789012:cli-v2');
    const failed = await awsCli(CLI_V2, t.url, ['sns', 'publish', '--topic-arn', 'arn:aws:sns:us-east-1:123456789012:cli-v2-nope', '--message', 'x']);
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr, /An error occurred \(NotFound\) when calling the Publish operation: Topic does not exist/);
  });

  test('the AWS CLI v1 publishes to a topic', async () => {
    const published = await awsCli(CLI_V1, t.url, [
      'sns',
      'publish',
      '--topic-arn',
      'arn:aws:sns:us-east-1:123456789012:boto3-topic',
      '--message',
      'from v1',
      '--output',
      'json',
    ]);
    assert.equal(published.code, 0, published.stderr);
    assert.match(JSON.parse(published.stdout).MessageId, /^[0-9a-f-]{36}$/);
  });
});
