import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { rawRequest } from '../support/raw-http.js';
import { zipOf } from '../support/functions.js';

const port = (url: string) => new URL(url).port;

describe('web pages cannot drive Tributary', () => {
  const t = tributaryPerSuite();
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));

  test('a Host that names another machine (DNS rebinding) is refused with 403 naming --allow-host', async () => {
    const res = await rawRequest(t.url, { path: '/2015-03-31/functions', headers: { host: `attacker.example:${port(t.url)}` } });
    assert.equal(res.status, 403);
    assert.match(res.body, /--allow-host attacker\.example/);
    assert.match(res.body, /TRIBUTARY_ALLOW_HOSTS/);
  });

  test('loopback names and addresses and *.localhost service hosts pass the Host check', async () => {
    for (const host of ['127.0.0.1', 'localhost', '127.0.0.2', '[::1]', 'my-bucket.localhost', 'my-bucket.s3.localhost', 'api1.execute-api.localhost']) {
      const res = await rawRequest(t.url, { path: '/_tributary/health', headers: { host: `${host}:${port(t.url)}` } });
      assert.equal(res.status, 200, `${host}: ${res.body}`);
    }
  });

  test('a simple cross-origin text/plain POST that would create a function is refused', async () => {
    const zip = zipOf({ 'index.js': 'exports.handler = async () => "pwned";' }).toString('base64');
    const body = JSON.stringify({
      FunctionName: 'pwned',
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::123456789012:role/r',
      Handler: 'index.handler',
      Code: { ZipFile: zip },
    });
    const res = await rawRequest(t.url, {
      method: 'POST',
      path: '/2015-03-31/functions',
      headers: { host: `127.0.0.1:${port(t.url)}`, origin: 'https://attacker.example', 'content-type': 'text/plain' },
      body,
    });
    assert.equal(res.status, 403);
    assert.match(res.body, /--allow-origin https:\/\/attacker\.example/);
    const listed = await rawRequest(t.url, { path: '/2015-03-31/functions/pwned', headers: { host: `127.0.0.1:${port(t.url)}` } });
    assert.equal(listed.status, 404);
  });

  test('a cross-origin form POST of Action=CreateQueue is refused and creates nothing', async () => {
    const res = await rawRequest(t.url, {
      method: 'POST',
      path: '/',
      headers: { host: `localhost:${port(t.url)}`, origin: 'null', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=CreateQueue&QueueName=planted',
    });
    assert.equal(res.status, 403);
    assert.match(res.body, /<Code>AccessDenied<\/Code>/);
    const queues = await rawRequest(t.url, {
      method: 'POST',
      path: '/',
      headers: { host: `localhost:${port(t.url)}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListQueues',
    });
    assert.doesNotMatch(queues.body, /planted/);
  });

  test('Tributary’s own origin is not cross-origin', async () => {
    const res = await rawRequest(t.url, {
      method: 'POST',
      path: '/',
      headers: { host: `127.0.0.1:${port(t.url)}`, origin: `http://127.0.0.1:${port(t.url)}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListQueues',
    });
    assert.equal(res.status, 200);
  });

  test('SDK clients, which send no Origin, are unaffected', async () => {
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'sdk-queue' }));
    assert.ok(created.QueueUrl);
  });
});

describe('configured hosts and origins', () => {
  const t = tributaryPerSuite({ config: { allowHosts: ['dev.example.test', '*.lan.test'], allowOrigins: ['http://localhost:3000'] } });

  test('--allow-host names (and *. patterns) are accepted', async () => {
    for (const host of ['dev.example.test', 'box.lan.test']) {
      const res = await rawRequest(t.url, { path: '/_tributary/health', headers: { host: `${host}:${port(t.url)}` } });
      assert.equal(res.status, 200, host);
    }
    const other = await rawRequest(t.url, { path: '/_tributary/health', headers: { host: 'lan.test.evil.example' } });
    assert.equal(other.status, 403);
  });

  test('an --allow-origin origin may call the APIs', async () => {
    const res = await rawRequest(t.url, {
      method: 'POST',
      path: '/',
      headers: { host: `127.0.0.1:${port(t.url)}`, origin: 'http://localhost:3000', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=CreateQueue&QueueName=from-app',
    });
    assert.equal(res.status, 200, res.body);
  });
});

describe('CORS where AWS serves it', () => {
  const t = tributaryPerSuite();

  test('a cross-origin PUT to a bucket is refused unless the bucket’s CORS rules allow the origin', async () => {
    const host = { host: `127.0.0.1:${port(t.url)}` };
    assert.equal((await rawRequest(t.url, { method: 'PUT', path: '/open', headers: host })).status, 200);
    assert.equal((await rawRequest(t.url, { method: 'PUT', path: '/closed', headers: host })).status, 200);
    const cors =
      '<CORSConfiguration><CORSRule><AllowedOrigin>http://localhost:3000</AllowedOrigin><AllowedMethod>PUT</AllowedMethod></CORSRule></CORSConfiguration>';
    const md5 = (await import('node:crypto')).createHash('md5').update(cors).digest('base64');
    const put = await rawRequest(t.url, { method: 'PUT', path: '/open?cors', headers: { ...host, 'content-md5': md5 }, body: cors });
    assert.equal(put.status, 200, put.body);

    const browser = { ...host, origin: 'http://localhost:3000', 'content-type': 'text/plain' };
    const allowed = await rawRequest(t.url, { method: 'PUT', path: '/open/page.txt', headers: browser, body: 'hi' });
    assert.equal(allowed.status, 200, allowed.body);
    assert.equal(allowed.headers['access-control-allow-origin'], 'http://localhost:3000');
    const refused = await rawRequest(t.url, { method: 'PUT', path: '/closed/page.txt', headers: browser, body: 'hi' });
    assert.equal(refused.status, 403);
    assert.match(refused.body, /<Code>AccessDenied<\/Code>/);
    const preflight = await rawRequest(t.url, {
      method: 'OPTIONS',
      path: '/open/page.txt',
      headers: { ...host, origin: 'http://localhost:3000', 'access-control-request-method': 'PUT' },
    });
    assert.equal(preflight.status, 200);
  });
});
