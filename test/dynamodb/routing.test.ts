import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { Router } from '../../src/server/router.js';
import type { Service } from '../../src/services/service.js';

const service = (name: string, targetPrefixes: string[]): Service => ({ name, signingNames: ['dynamodb'], targetPrefixes, handle: async () => {} });

describe('routing requests signed as dynamodb', () => {
  it('sends DynamoDB and DynamoDB Streams requests, both signed `dynamodb`, to the service their X-Amz-Target names', () => {
    const tables = service('dynamodb', ['DynamoDB_20120810']);
    const streams = service('dynamodbStreams', ['DynamoDBStreams_20120810']);
    const router = new Router([tables, streams], undefined);
    const scope = { accessKeyId: 'test', date: '20260101', region: 'us-east-1', service: 'dynamodb' };
    const request = (target: string) => ({ headers: { 'x-amz-target': target } }) as unknown as IncomingMessage;
    const url = new URL('http://127.0.0.1/');
    assert.equal(router.route(request('DynamoDB_20120810.PutItem'), url, scope), tables);
    assert.equal(router.route(request('DynamoDBStreams_20120810.GetRecords'), url, scope), streams);
  });
});
