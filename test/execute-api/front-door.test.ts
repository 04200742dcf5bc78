import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawRequest } from '../support/raw-http.js';
import { tributaryPerSuite } from '../support/suite.js';

const t = tributaryPerSuite();

test('an API id no API has is 403 Forbidden, by host and by path', async () => {
  const port = new URL(t.url).port;
  const byPath = await fetch(`${t.url}/_aws/execute-api/abc123/prod/items`);
  assert.equal(byPath.status, 403);
  assert.deepEqual(await byPath.json(), { message: 'Forbidden' });
  const byHost = await rawRequest(t.url, { path: '/prod/items', headers: { host: `abc123.execute-api.localhost:${port}` } });
  assert.equal(byHost.status, 403);
  assert.equal(byHost.headers['x-amzn-errortype'], 'ForbiddenException');
});
