import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { startTributary, type TestTributary } from '../support/tributary.js';
import { createTable, dynamo } from './helpers.js';

let t: TestTributary;

before(async () => {
  t = await startTributary();
  const db = dynamo(t.url);
  await createTable(db, 'fn-table');
  db.destroy();
});
after(async () => {
  await t.stop();
});

const NODE_HANDLER = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) => {
  await doc.send(new PutCommand({ TableName: 'fn-table', Item: { pk: event.id, from: 'node', tags: ['a'] } }));
  const { Item } = await doc.send(new GetCommand({ TableName: 'fn-table', Key: { pk: event.id } }));
  return Item;
};
`;

const PYTHON_HANDLER = `
import boto3
from boto3.dynamodb.conditions import Attr
table = boto3.resource('dynamodb').Table('fn-table')
def handler(event, context):
    table.put_item(Item={'pk': event['id'], 'from': 'python'}, ConditionExpression=Attr('pk').not_exists())
    item = boto3.client('dynamodb').get_item(TableName='fn-table', Key={'pk': {'S': event['id']}})['Item']
    return {'from': item['from']['S']}
`;

async function invoke(name: string, payload: unknown): Promise<any> {
  const lambda = lambdaClient(t.url);
  try {
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)) }));
    const text = Buffer.from(out.Payload ?? []).toString();
    assert.equal(out.FunctionError, undefined, text);
    return JSON.parse(text);
  } finally {
    lambda.destroy();
  }
}

describe('functions reach DynamoDB with their own SDKs', () => {
  it('a Node.js handler imports @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb as on AWS', async () => {
    const lambda = lambdaClient(t.url);
    await createFunction(lambda, 'ddb-node', { Runtime: 'nodejs20.x', Handler: 'index.handler', files: { 'index.mjs': NODE_HANDLER } });
    lambda.destroy();
    assert.deepEqual(await invoke('ddb-node', { id: 'n1' }), { pk: 'n1', from: 'node', tags: ['a'] });
  });

  it('a Python handler uses boto3 (resource and client)', async () => {
    const lambda = lambdaClient(t.url);
    await createFunction(lambda, 'ddb-python', { Runtime: 'python3.12', Handler: 'app.handler', files: { 'app.py': PYTHON_HANDLER } });
    lambda.destroy();
    assert.deepEqual(await invoke('ddb-python', { id: 'p1' }), { from: 'python' });
    const db = dynamo(t.url);
    const { Item } = await db.send(new GetItemCommand({ TableName: 'fn-table', Key: { pk: { S: 'p1' } } }));
    db.destroy();
    assert.deepEqual(Item?.from, { S: 'python' });
  });
});
