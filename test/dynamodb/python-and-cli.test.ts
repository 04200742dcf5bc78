import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCli, CLI_V2, runPython } from '../support/aws-cli.js';
import { startTributary, type TestTributary } from '../support/tributary.js';

let t: TestTributary;

before(async () => {
  t = await startTributary();
});
after(async () => {
  await t.stop();
});

const BOTO3 = `
import json, sys, decimal
import boto3
from boto3.dynamodb.conditions import Key, Attr
url = sys.argv[1]
ddb = boto3.resource('dynamodb', endpoint_url=url, region_name='us-east-1')
client = boto3.client('dynamodb', endpoint_url=url, region_name='us-east-1')
table = ddb.create_table(
    TableName='books',
    KeySchema=[{'AttributeName': 'author', 'KeyType': 'HASH'}, {'AttributeName': 'title', 'KeyType': 'RANGE'}],
    AttributeDefinitions=[{'AttributeName': 'author', 'AttributeType': 'S'}, {'AttributeName': 'title', 'AttributeType': 'S'}],
    BillingMode='PAY_PER_REQUEST')
table.wait_until_exists()
with table.batch_writer() as batch:
    for i in range(30):
        batch.put_item(Item={'author': 'Le Guin', 'title': 'Book %02d' % i, 'year': 1960 + i, 'price': decimal.Decimal('9.99')})
table.put_item(Item={'author': 'Herbert', 'title': 'Dune', 'year': 1965})
out = {}
q = table.query(KeyConditionExpression=Key('author').eq('Le Guin') & Key('title').begins_with('Book 1'), FilterExpression=Attr('year').gte(1975))
out['query'] = [i['title'] for i in q['Items']]
s = table.scan(FilterExpression=Attr('price').exists() & Attr('year').between(1960, 1961))
out['scan'] = sorted(i['title'] for i in s['Items'])
u = table.update_item(Key={'author': 'Herbert', 'title': 'Dune'}, UpdateExpression='SET sequels = :n', ExpressionAttributeValues={':n': 5}, ReturnValues='ALL_NEW')
out['updated'] = int(u['Attributes']['sequels'])
try:
    table.put_item(Item={'author': 'Herbert', 'title': 'Dune'}, ConditionExpression=Attr('author').not_exists())
except client.exceptions.ConditionalCheckFailedException as e:
    out['conditional'] = e.response['Error']['Code']
paginator = client.get_paginator('query')
pages = list(paginator.paginate(TableName='books', KeyConditionExpression='author = :a', ExpressionAttributeValues={':a': {'S': 'Le Guin'}}, PaginationConfig={'PageSize': 7}))
out['pages'] = len(pages)
out['paged'] = sum(p['Count'] for p in pages)
out['price'] = str(table.get_item(Key={'author': 'Le Guin', 'title': 'Book 00'})['Item']['price'])
print(json.dumps(out))
`;

describe('boto3 and the AWS CLI', () => {
  it('works through the boto3 resource API with boto3.dynamodb.conditions, batch_writer, waiters and paginators', async () => {
    const out = await runPython(BOTO3, [t.url]);
    assert.deepEqual(out.query, ['Book 15', 'Book 16', 'Book 17', 'Book 18', 'Book 19']);
    assert.deepEqual(out.scan, ['Book 00', 'Book 01']);
    assert.equal(out.updated, 5);
    assert.equal(out.conditional, 'ConditionalCheckFailedException');
    assert.equal(out.pages, 5);
    assert.equal(out.paged, 30);
    assert.equal(out.price, '9.99');
  });

  it('works through the AWS CLI as the docs show it', async () => {
    const create = await awsCli(CLI_V2, t.url, [
      'dynamodb',
      'create-table',
      '--table-name',
      'cli-table',
      '--attribute-definitions',
      'AttributeName=id,AttributeType=S',
      '--key-schema',
      'AttributeName=id,KeyType=HASH',
      '--billing-mode',
      'PAY_PER_REQUEST',
    ]);
    assert.equal(create.code, 0, create.stderr);
    const put = await awsCli(CLI_V2, t.url, ['dynamodb', 'put-item', '--table-name', 'cli-table', '--item', '{"id": {"S": "1"}, "n": {"N": "007"}}']);
    assert.equal(put.code, 0, put.stderr);
    const get = await awsCli(CLI_V2, t.url, ['dynamodb', 'get-item', '--table-name', 'cli-table', '--key', '{"id": {"S": "1"}}']);
    assert.equal(get.code, 0, get.stderr);
    assert.deepEqual(JSON.parse(get.stdout).Item, { id: { S: '1' }, n: { N: '7' } });
    const missing = await awsCli(CLI_V2, t.url, ['dynamodb', 'describe-table', '--table-name', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /ResourceNotFoundException/);
  });
});
