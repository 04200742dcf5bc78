import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tributaryPerSuite } from '../support/suite.js';

const run = promisify(execFile);
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

// boto3 verifies nothing itself, so the script checks what users rely on: MD5s, attributes, errors.
const BOTO3_SCRIPT = `
import boto3, hashlib, json, sys
from botocore.exceptions import ClientError
sqs = boto3.client('sqs', endpoint_url=sys.argv[1], region_name='us-east-1')
url = sqs.create_queue(QueueName='boto', Attributes={'VisibilityTimeout': '5'})['QueueUrl']
sent = sqs.send_message(QueueUrl=url, MessageBody='from boto3',
    MessageAttributes={'Author': {'DataType': 'String', 'StringValue': 'John Grisham'},
                       'Title': {'DataType': 'String', 'StringValue': 'The Whistler'},
                       'WeeksOn': {'DataType': 'Number', 'StringValue': '6'}})
got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, MessageAttributeNames=['All'], AttributeNames=['All'])
m = got['Messages'][0]
batch = sqs.send_message_batch(QueueUrl=url, Entries=[{'Id': 'a', 'MessageBody': 'x'}, {'Id': 'b', 'MessageBody': 'y'}])
try:
    sqs.get_queue_url(QueueName='does-not-exist')
    err = None
except ClientError as e:
    err = e.response['Error']
sqs.delete_message(QueueUrl=url, ReceiptHandle=m['ReceiptHandle'])
print(json.dumps({'sentMd5': sent['MD5OfMessageBody'], 'attrMd5': sent['MD5OfMessageAttributes'], 'body': m['Body'],
  'md5Ok': hashlib.md5(m['Body'].encode()).hexdigest() == m['MD5OfBody'], 'count': m['Attributes']['ApproximateReceiveCount'],
  'weeks': m['MessageAttributes']['WeeksOn']['StringValue'], 'batch': len(batch['Successful']), 'error': err}))
`;

describe('SQS through boto3 and the AWS CLI v1 (JSON protocol)', () => {
  const t = tributaryPerSuite();

  test('boto3 sends, receives and deletes, and sees AWS error codes', async () => {
    const { stdout } = await run('python3', ['-c', BOTO3_SCRIPT, t.url], { env: ENV });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(out.body, 'from boto3');
    assert.equal(out.md5Ok, true);
    assert.equal(out.attrMd5, 'd25a6aea97eb8f585bfa92d314504a92');
    assert.equal(out.count, '1');
    assert.equal(out.weeks, '6');
    assert.equal(out.batch, 2);
    assert.deepEqual(out.error, {
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
      Message: 'The specified queue does not exist.',
      QueryErrorCode: 'QueueDoesNotExist',
      Type: 'Sender',
    });
  });

  test('the AWS CLI v1 creates a queue, sends and receives', async () => {
    const cli = async (...args: string[]) =>
      JSON.parse((await run('aws', ['--endpoint-url', t.url, '--output', 'json', 'sqs', ...args], { env: ENV })).stdout || '{}');
    const { QueueUrl } = await cli('create-queue', '--queue-name', 'cli-v1');
    await cli('send-message', '--queue-url', QueueUrl, '--message-body', 'from cli', '--delay-seconds', '0');
    const got = await cli('receive-message', '--queue-url', QueueUrl, '--wait-time-seconds', '1');
    assert.equal(got.Messages[0].Body, 'from cli');
  });
});
