import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { lambdaClient } from '../lambda/helpers.js';
import { s3Client } from '../s3/helpers.js';
import { createRecordingFunction, tempDirPerSuite } from '../async/helpers.js';
import { observed } from '../support/observed.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { eventually } from '../support/tributary.js';
import { ACCOUNT, createQueue, receive, snsClient, sqsClient } from './helpers.js';

describe('SNS with Lambda subscribers and other services as publishers', () => {
  const t = tributaryPerSuite();
  const sns = clientPerSuite(t, snsClient);
  const sqs = clientPerSuite(t, sqsClient);
  const lambda = clientPerSuite(t, lambdaClient);
  const s3 = clientPerSuite(t, s3Client);
  const dir = tempDirPerSuite('tributary-sns-lambda-');

  test('a Lambda subscriber is invoked asynchronously with the record exactly as AWS writes it', async () => {
    const fn = await createRecordingFunction(lambda, dir, 'sns-recorder');
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'to-lambda' }));
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fn.arn }));
    const started = observed(t, 'invocation.started', (o) => o.ids.functionArn === fn.arn);
    const sent = await sns.send(
      new PublishCommand({
        TopicArn,
        Message: '{"orderId":"A-1001"}',
        MessageAttributes: { tenant: { DataType: 'String', StringValue: 'acme' }, blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]) } },
      }),
    );
    const invocation = await started;
    assert.equal(invocation.source, 'aws:sns');
    assert.deepEqual(invocation.ids.messageIds, [sent.MessageId]);
    assert.equal(invocation.ids.sourceArn, TopicArn);
    const [line] = await eventually(() => (fn.record.lines().length ? fn.record.lines() : undefined), 20_000, 'the function to run');
    const record = line!.event.Records[0];
    assert.equal(line!.event.Records.length, 1);
    assert.deepEqual(Object.keys(record), ['EventSource', 'EventVersion', 'EventSubscriptionArn', 'Sns']);
    assert.equal(record.EventSource, 'aws:sns');
    assert.equal(record.EventVersion, '1.0');
    assert.equal(record.EventSubscriptionArn, SubscriptionArn);
    assert.deepEqual(Object.keys(record.Sns), [
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertUrl',
      'UnsubscribeUrl',
      'MessageAttributes',
    ]);
    assert.equal(record.Sns.Type, 'Notification');
    assert.equal(record.Sns.MessageId, sent.MessageId);
    assert.equal(record.Sns.TopicArn, TopicArn);
    assert.equal(record.Sns.Subject, null);
    assert.equal(record.Sns.Message, '{"orderId":"A-1001"}');
    assert.match(record.Sns.Timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(record.Sns.SignatureVersion, '1');
    assert.match(record.Sns.Signature, /^[A-Za-z0-9+/]+=*$/);
    assert.match(record.Sns.SigningCertUrl, /\/SimpleNotificationService-[0-9a-f]+\.pem$/);
    assert.equal(record.Sns.UnsubscribeUrl, `${t.url}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
    assert.deepEqual(record.Sns.MessageAttributes, { tenant: { Type: 'String', Value: 'acme' }, blob: { Type: 'Binary', Value: 'AAEC' } });
  });

  test('MessageStructure json gives each protocol its own text, the default to the rest', async () => {
    const fn = await createRecordingFunction(lambda, dir, 'sns-structured');
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'structured' }));
    const queue = await createQueue(sqs, 'structured-q');
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fn.arn }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'for everyone', lambda: 'for functions' }) }));
    const [line] = await eventually(() => (fn.record.lines().length ? fn.record.lines() : undefined), 20_000, 'the function to run');
    assert.equal(line!.event.Records[0].Sns.Message, 'for functions');
    const [message] = await receive(sqs, queue.url, 1);
    assert.equal(message!.Body, 'for everyone');
  });

  test('a Lambda subscription to a function that does not exist sends the message to its redrive queue', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'to-nowhere' }));
    const dlq = await createQueue(sqs, 'lambda-sub-dlq');
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'lambda',
        Endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:never-made`,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) },
      }),
    );
    const sent = await sns.send(new PublishCommand({ TopicArn, Message: 'undeliverable' }));
    const [message] = await receive(sqs, dlq.url, 1);
    assert.equal(JSON.parse(message!.Body!).MessageId, sent.MessageId);
  });

  test('S3 TopicConfiguration notifications publish the event records through the topic', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'uploads' }));
    const queue = await createQueue(sqs, 'uploads-q');
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
    await s3.send(new CreateBucketCommand({ Bucket: 'sns-photos' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'sns-photos',
        NotificationConfiguration: { TopicConfigurations: [{ Id: 'to-topic', TopicArn, Events: ['s3:ObjectCreated:*'] }] },
      }),
    );
    // S3 sends its s3:TestEvent first, then the object's record.
    const [test] = await receive(sqs, queue.url, 1);
    const testEnvelope = JSON.parse(test!.Body!);
    assert.equal(testEnvelope.Subject, 'Amazon S3 Notification');
    assert.equal(JSON.parse(testEnvelope.Message).Event, 's3:TestEvent');
    await s3.send(new PutObjectCommand({ Bucket: 'sns-photos', Key: 'cat.jpg', Body: 'meow' }));
    const [message] = await receive(sqs, queue.url, 1);
    const envelope = JSON.parse(message!.Body!);
    assert.equal(envelope.TopicArn, TopicArn);
    assert.equal(envelope.Subject, 'Amazon S3 Notification');
    const record = JSON.parse(envelope.Message).Records[0];
    assert.equal(record.eventSource, 'aws:s3');
    assert.equal(record.eventName, 'ObjectCreated:Put');
    assert.equal(record.s3.configurationId, 'to-topic');
    assert.equal(record.s3.object.key, 'cat.jpg');
  });

  test('an async invocation destination on a topic delivers the invocation record to its subscribers', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'results' }));
    const queue = await createQueue(sqs, 'results-q');
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await createRecordingFunction(lambda, dir, 'with-topic-destination');
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'with-topic-destination', DestinationConfig: { OnSuccess: { Destination: TopicArn } } }),
    );
    await lambda.send(new InvokeCommand({ FunctionName: 'with-topic-destination', InvocationType: 'Event', Payload: Buffer.from('{"n":1}') }));
    const [message] = await receive(sqs, queue.url, 1, 20_000);
    const record = JSON.parse(message!.Body!);
    assert.equal(record.requestContext.condition, 'Success');
    assert.deepEqual(record.requestPayload, { n: 1 });
    assert.deepEqual(record.responsePayload, { echoed: { n: 1 } });
  });
});
