import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { tributaryPerSuite } from '../support/suite.js';
import { queryPost, xmlValue, xmlValues } from './helpers.js';

const run = promisify(execFile);
// Debian's awscli package (v2.9) still speaks the query protocol to SQS.
const CLI_V2 = '/usr/bin/aws';

describe('SQS over the query protocol (form posts and AWS CLI v2.9)', () => {
  const t = tributaryPerSuite();

  test('CreateQueue, SendMessage and ReceiveMessage round-trip as XML with flattened attributes', async () => {
    const created = await queryPost(t.url, { Action: 'CreateQueue', QueueName: 'q-xml', 'Attribute.1.Name': 'VisibilityTimeout', 'Attribute.1.Value': '40' });
    assert.equal(created.status, 200);
    assert.match(created.body, /^<\?xml version="1.0"\?><CreateQueueResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><CreateQueueResult>/);
    const url = xmlValue(created.body, 'QueueUrl')!;
    assert.equal(url, `${t.url}/queue/us-east-1/123456789012/q-xml`);
    assert.ok(xmlValue(created.body, 'RequestId'));

    const sent = await queryPost(t.url, {
      Action: 'SendMessage',
      QueueUrl: url,
      MessageBody: 'a <b> & "c"',
      'MessageAttribute.1.Name': 'WeeksOn',
      'MessageAttribute.1.Value.DataType': 'Number',
      'MessageAttribute.1.Value.StringValue': '6',
    });
    assert.equal(sent.status, 200);
    assert.ok(xmlValue(sent.body, 'MD5OfMessageAttributes'));

    const got = await queryPost(t.url, { Action: 'ReceiveMessage', QueueUrl: url, 'AttributeName.1': 'All', 'MessageAttributeName.1': 'All' });
    assert.equal(got.status, 200);
    assert.equal(xmlValue(got.body, 'Body'), 'a &lt;b&gt; &amp; &quot;c&quot;');
    assert.ok(xmlValues(got.body, 'Attribute').some((a) => a.includes('<Name>ApproximateReceiveCount</Name><Value>1</Value>')));
    assert.match(
      got.body,
      /<MessageAttribute><Name>WeeksOn<\/Name><Value><DataType>Number<\/DataType><StringValue>6<\/StringValue><\/Value><\/MessageAttribute>/,
    );

    const attrs = await queryPost(t.url, { Action: 'GetQueueAttributes', QueueUrl: url, 'AttributeName.1': 'VisibilityTimeout' });
    assert.match(attrs.body, /<Attribute><Name>VisibilityTimeout<\/Name><Value>40<\/Value><\/Attribute>/);
  });

  test('actions with a result carry a result element even when it is empty, others carry none', async () => {
    const listed = await queryPost(t.url, { Action: 'ListQueues', QueueNamePrefix: 'none-such' });
    // AWS writes an empty result as a self-closing element (an empty ReceiveMessage is `<ReceiveMessageResult/>`).
    assert.match(listed.body, /<ListQueuesResponse xmlns="[^"]+"><ListQueuesResult\/><ResponseMetadata>/);
    const url = xmlValue((await queryPost(t.url, { Action: 'CreateQueue', QueueName: 'q-empty' })).body, 'QueueUrl')!;
    const deleted = await queryPost(t.url, { Action: 'DeleteQueue', QueueUrl: url });
    assert.match(deleted.body, /<DeleteQueueResponse xmlns="[^"]+"><ResponseMetadata><RequestId>/);
  });

  test('a request on the queue path needs no QueueUrl parameter', async () => {
    await queryPost(t.url, { Action: 'CreateQueue', QueueName: 'q-path' });
    const sent = await queryPost(t.url, { Action: 'SendMessage', MessageBody: 'by path' }, '/123456789012/q-path');
    assert.equal(sent.status, 200, sent.body);
    const got = await fetch(`${t.url}/123456789012/q-path?Action=ReceiveMessage&Version=2012-11-05`);
    assert.equal(xmlValue(await got.text(), 'Body'), 'by path');
  });

  test('batch entries are decoded from their flattened names and results are flattened', async () => {
    const url = xmlValue((await queryPost(t.url, { Action: 'CreateQueue', QueueName: 'q-batch' })).body, 'QueueUrl')!;
    const res = await queryPost(t.url, {
      Action: 'SendMessageBatch',
      QueueUrl: url,
      'SendMessageBatchRequestEntry.1.Id': 'one',
      'SendMessageBatchRequestEntry.1.MessageBody': 'first',
      'SendMessageBatchRequestEntry.2.Id': 'two',
      'SendMessageBatchRequestEntry.2.MessageBody': 'second',
      'SendMessageBatchRequestEntry.2.DelaySeconds': '9999',
    });
    assert.equal(res.status, 200);
    assert.equal(xmlValues(res.body, 'SendMessageBatchResultEntry').length, 1);
    const failed = xmlValue(res.body, 'BatchResultErrorEntry')!;
    assert.match(failed, /<Id>two<\/Id><SenderFault>true<\/SenderFault><Code>InvalidParameterValue<\/Code>/);
  });

  test('errors are XML with the legacy query codes', async () => {
    const missing = await queryPost(t.url, { Action: 'GetQueueUrl', QueueName: 'absent' });
    assert.equal(missing.status, 400);
    assert.equal(xmlValue(missing.body, 'Type'), 'Sender');
    assert.equal(xmlValue(missing.body, 'Code'), 'AWS.SimpleQueueService.NonExistentQueue');
    assert.equal(xmlValue(missing.body, 'Message'), 'The specified queue does not exist for this wsdl version.');
    const url = xmlValue((await queryPost(t.url, { Action: 'CreateQueue', QueueName: 'q-err' })).body, 'QueueUrl')!;
    const tooMany = await queryPost(t.url, {
      Action: 'DeleteMessageBatch',
      QueueUrl: url,
      ...Object.fromEntries(
        Array.from({ length: 11 }, (_, i) => [
          [`DeleteMessageBatchRequestEntry.${i + 1}.Id`, `e${i}`],
          [`DeleteMessageBatchRequestEntry.${i + 1}.ReceiptHandle`, 'h'],
        ]).flat(),
      ),
    });
    assert.equal(xmlValue(tooMany.body, 'Code'), 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest');
    const noBody = await queryPost(t.url, { Action: 'SendMessage', QueueUrl: url });
    assert.equal(xmlValue(noBody.body, 'Code'), 'MissingParameter');
    assert.equal(xmlValue(noBody.body, 'Message'), 'The request must contain the parameter MessageBody.');
    const unknown = await queryPost(t.url, { Action: 'Nope' });
    assert.equal(xmlValue(unknown.body, 'Code'), 'InvalidAction');
  });

  test('the AWS CLI v2.9 (query protocol) creates, sends, receives and deletes', {
    skip: !fs.existsSync(CLI_V2) && 'apt package awscli is not installed',
  }, async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
    const cli = async (...args: string[]) =>
      JSON.parse((await run(CLI_V2, ['--endpoint-url', t.url, '--output', 'json', 'sqs', ...args], { env })).stdout || '{}');
    const { QueueUrl } = await cli('create-queue', '--queue-name', 'cli-v2.fifo', '--attributes', 'FifoQueue=true,ContentBasedDeduplication=true');
    assert.equal(QueueUrl, `${t.url}/queue/us-east-1/123456789012/cli-v2.fifo`);
    await cli(
      'send-message',
      '--queue-url',
      QueueUrl,
      '--message-body',
      'hello',
      '--message-group-id',
      'g',
      '--message-attributes',
      '{"k":{"DataType":"String","StringValue":"v"}}',
    );
    const got = await cli('receive-message', '--queue-url', QueueUrl, '--attribute-names', 'All', '--message-attribute-names', 'All');
    assert.equal(got.Messages[0].Body, 'hello');
    assert.equal(got.Messages[0].Attributes.MessageGroupId, 'g');
    assert.equal(got.Messages[0].MessageAttributes.k.StringValue, 'v');
    await cli('delete-message', '--queue-url', QueueUrl, '--receipt-handle', got.Messages[0].ReceiptHandle);
    await assert.rejects(cli('get-queue-url', '--queue-name', 'missing'), /AWS\.SimpleQueueService\.NonExistentQueue/);
  });
});
