import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeQueryInput, encodeQueryOutput } from '../../src/services/sqs/query-shapes.js';

const params = (o: Record<string, string>) => new Map(Object.entries(o));

describe('SQS query-protocol shapes', () => {
  test('flattened attributes, tags, lists and nested batch entries decode to the JSON input shape', () => {
    const input = decodeQueryInput(
      'SendMessageBatch',
      params({
        Action: 'SendMessageBatch',
        Version: '2012-11-05',
        QueueUrl: 'http://h/1/q',
        'SendMessageBatchRequestEntry.2.Id': 'b',
        'SendMessageBatchRequestEntry.2.MessageBody': 'two',
        'SendMessageBatchRequestEntry.1.Id': 'a',
        'SendMessageBatchRequestEntry.1.MessageBody': 'one',
        'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'k',
        'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'String',
        'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': 'v',
      }),
    );
    assert.deepEqual(input, {
      QueueUrl: 'http://h/1/q',
      Entries: [
        { Id: 'a', MessageBody: 'one', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
        { Id: 'b', MessageBody: 'two' },
      ],
    });
    assert.deepEqual(
      decodeQueryInput(
        'CreateQueue',
        params({ QueueName: 'q', 'Attribute.1.Name': 'DelaySeconds', 'Attribute.1.Value': '5', 'Tag.1.Key': 't', 'Tag.1.Value': 'x' }),
      ),
      { QueueName: 'q', Attributes: { DelaySeconds: '5' }, tags: { t: 'x' } },
    );
    assert.deepEqual(decodeQueryInput('UntagQueue', params({ QueueUrl: 'u', 'TagKey.1': 'a', 'TagKey.2': 'b' })), { QueueUrl: 'u', TagKeys: ['a', 'b'] });
  });

  test('outputs encode with flattened lists and maps and escaped text', () => {
    assert.equal(
      encodeQueryOutput('ReceiveMessage', {
        Messages: [{ MessageId: 'm', Body: '<&>', Attributes: { SentTimestamp: '1' }, MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }],
      }),
      '<Message><MessageId>m</MessageId><Body>&lt;&amp;&gt;</Body><Attribute><Name>SentTimestamp</Name><Value>1</Value></Attribute>' +
        '<MessageAttribute><Name>k</Name><Value><DataType>String</DataType><StringValue>v</StringValue></Value></MessageAttribute></Message>',
    );
    assert.equal(
      encodeQueryOutput('DeleteMessageBatch', { Successful: [{ Id: 'a' }], Failed: [{ Id: 'b', SenderFault: true, Code: 'C', Message: 'M' }] }),
      '<DeleteMessageBatchResultEntry><Id>a</Id></DeleteMessageBatchResultEntry>' +
        '<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault><Code>C</Code><Message>M</Message></BatchResultErrorEntry>',
    );
    assert.equal(encodeQueryOutput('ListQueues', { QueueUrls: ['a', 'b'] }), '<QueueUrl>a</QueueUrl><QueueUrl>b</QueueUrl>');
    assert.equal(encodeQueryOutput('ListQueueTags', {}), '');
    assert.equal(encodeQueryOutput('DeleteQueue', undefined), undefined);
  });
});
