import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ALBEvent } from 'aws-lambda';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { observed } from '../support/observed.js';
import { rawRequest } from '../support/raw-http.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { allowElb, elbClient } from './helpers.js';

const HANDLER = `
exports.handler = async (event) => {
  if (event.path.endsWith('/malformed')) return { body: 'no status code' };
  if (event.path.endsWith('/object-body')) return { statusCode: 200, body: { not: 'a string' } };
  if (event.path.endsWith('/throw')) throw new Error('boom');
  if (event.path.endsWith('/slow')) await new Promise((r) => setTimeout(r, 5000));
  if (event.path.endsWith('/binary')) return { statusCode: 201, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true };
  return {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: { 'content-type': 'application/json', 'x-single': 'one', 'x-number': 7 },
    multiValueHeaders: { 'content-type': ['application/json'], 'set-cookie': ['a=1', 'b=2'] },
    body: JSON.stringify(event),
  };
};
`;

const fixed = (status: string, body: string): Action => ({
  Type: 'fixed-response',
  FixedResponseConfig: { StatusCode: status, ContentType: 'text/plain', MessageBody: body },
});

describe('ALB data plane', () => {
  // Host-header rules for a domain of one's own: the domain allowed, the load balancer reached by the path form.
  const t = tributaryPerSuite({ config: { allowHosts: ['*.example.com'] } });
  const elb = clientPerSuite(t, elbClient);
  const lambda = clientPerSuite(t, lambdaClient);
  let dns = '';
  let single = '';
  let multi = '';

  async function lambdaTargetGroup(name: string, multiValue: boolean): Promise<string> {
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: name, TargetType: 'lambda' }))).TargetGroups![0]!.TargetGroupArn!;
    await allowElb(lambda, 'alb-echo', tg);
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: 'arn:aws:lambda:us-east-1:123456789012:function:alb-echo' }] }));
    if (multiValue) {
      await elb.send(
        new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg, Attributes: [{ Key: 'lambda.multi_value_headers.enabled', Value: 'true' }] }),
      );
    }
    return tg;
  }

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) =>
    rawRequest(t.url, { method, path, headers: { host: `${dns}:${new URL(t.url).port}`, ...headers }, body });

  test('set up: a load balancer whose rules route by path, host, header, method and query', async () => {
    await createFunction(lambda, 'alb-echo', { files: { 'index.js': HANDLER }, Timeout: 1 });
    single = await lambdaTargetGroup('single', false);
    multi = await lambdaTargetGroup('multi', true);
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'front' }))).LoadBalancers![0]!;
    dns = lb.DNSName!;
    const listener = (
      await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Port: 80, Protocol: 'HTTP', DefaultActions: [fixed('404', 'no route')] }))
    ).Listeners![0]!.ListenerArn!;
    await elb.send(
      new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Port: 8080, Protocol: 'HTTP', DefaultActions: [fixed('200', 'port 8080')] }),
    );
    const rule = (priority: number, conditions: object[], action: Action) =>
      elb.send(new CreateRuleCommand({ ListenerArn: listener, Priority: priority, Conditions: conditions as never, Actions: [action] }));
    await rule(5, [{ Field: 'path-pattern', Values: ['/api/special'] }], fixed('202', 'special wins by priority'));
    await rule(10, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }], { Type: 'forward', TargetGroupArn: single });
    await rule(20, [{ Field: 'path-pattern', Values: ['/multi/*'] }], {
      Type: 'forward',
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: multi, Weight: 1 }] },
    });
    await rule(30, [{ Field: 'host-header', Values: ['*.example.com'] }], fixed('200', 'by host'));
    await rule(40, [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Route', Values: ['blue'] } }], fixed('200', 'by header'));
    await rule(50, [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['DELETE'] } }], fixed('405', 'by method'));
    await rule(60, [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }] } }], fixed('200', 'by query'));
    await rule(70, [{ Field: 'path-pattern', Values: ['/old'] }], { Type: 'redirect', RedirectConfig: { Path: '/new', StatusCode: 'HTTP_301' } });
  });

  test('rules are evaluated by priority, then the default action; fixed responses and redirects as ALB sends them', async () => {
    const none = await get('/nothing');
    assert.equal(none.status, 404);
    assert.equal(none.body, 'no route');
    assert.equal(none.headers.server, 'awselb/2.0');
    assert.equal(none.headers['content-type'], 'text/plain');
    assert.equal((await get('/api/special')).status, 202);
    assert.equal((await rawRequest(t.url, { path: '/_aws/elb/front/x', headers: { host: 'shop.example.com' } })).body, 'by host');
    assert.equal((await get('/x', { 'x-route': 'BLUE' })).body, 'by header');
    assert.equal((await get('/x', {}, 'DELETE')).status, 405);
    assert.equal((await get('/x?v=2')).body, 'by query');
    const moved = await get('/old?a=1');
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.location, `http://${dns}/new?a=1`);
    // The Host header's port picks the listener.
    assert.equal((await get('/nothing', { host: `${dns}:8080` })).body, 'port 8080');
    // The path form, for clients that cannot resolve *.elb.localhost.
    const byPath = await rawRequest(t.url, { path: '/_aws/elb/front/api/items' });
    assert.equal(byPath.status, 200);
    assert.equal((JSON.parse(byPath.body) as ALBEvent).path, '/api/items');
  });

  test('the Lambda event, field for field, with multi-value headers off', async () => {
    const finished = observed(t, 'http.request', (o) => o.path === '/api/items');
    const reply = await get('/api/items?tag=a%20b&tag=c&flag', { 'X-Dup': 'first', 'content-type': 'text/plain', cookie: 'k=v' }, 'POST', 'hello');
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.server, 'awselb/2.0');
    assert.equal(reply.headers['x-single'], 'one');
    assert.equal(reply.headers['x-number'], '7');
    assert.equal(reply.headers['set-cookie'], undefined);
    const event = JSON.parse(reply.body) as ALBEvent;
    assert.deepEqual(Object.keys(event), ['requestContext', 'httpMethod', 'path', 'queryStringParameters', 'headers', 'body', 'isBase64Encoded']);
    assert.deepEqual(event.requestContext, { elb: { targetGroupArn: single } });
    assert.equal(event.httpMethod, 'POST');
    assert.equal(event.path, '/api/items');
    // Query values stay percent-encoded; a repeated key keeps its last value.
    assert.deepEqual(event.queryStringParameters, { tag: 'c', flag: '' });
    assert.equal(event.headers!['x-dup'], 'first');
    assert.equal(event.headers!.cookie, 'k=v');
    assert.equal(event.headers!['x-forwarded-for'], '127.0.0.1');
    assert.equal(event.headers!['x-forwarded-port'], '80');
    assert.equal(event.headers!['x-forwarded-proto'], 'http');
    assert.match(event.headers!['x-amzn-trace-id']!, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.equal(event.body, 'hello');
    assert.equal(event.isBase64Encoded, false);
    const seen = await finished;
    assert.equal(seen.status, 200);
    assert.equal(seen.source, 'aws:elb');
    assert.equal(seen.ids.functionArn, 'arn:aws:lambda:us-east-1:123456789012:function:alb-echo');

    const traced = JSON.parse((await get('/api/traced', { 'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793' })).body) as ALBEvent;
    assert.match(traced.headers!['x-amzn-trace-id']!, /^Self=1-[0-9a-f]{8}-[0-9a-f]{24};Root=1-5759e988-bd862e3fe1be46a994272793$/);
    const form = JSON.parse((await get('/api/form', { 'content-type': 'application/x-www-form-urlencoded' }, 'POST', 'a=1')).body) as ALBEvent;
    assert.equal(form.isBase64Encoded, true);
    assert.equal(form.body, Buffer.from('a=1').toString('base64'));
    const empty = JSON.parse((await get('/api/empty')).body) as ALBEvent;
    assert.equal(empty.body, '');
    assert.deepEqual(empty.queryStringParameters, {});
  });

  test('with multi-value headers on, every value arrives and multiValueHeaders answer', async () => {
    const reply = await rawRequest(t.url, {
      path: '/multi/x?tag=a%20b&tag=c',
      headers: { host: `${dns}:${new URL(t.url).port}`, 'x-dup': 'first' },
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(reply.headers['x-single'], undefined);
    const event = JSON.parse(reply.body) as ALBEvent;
    assert.deepEqual(Object.keys(event), [
      'requestContext',
      'httpMethod',
      'path',
      'multiValueQueryStringParameters',
      'multiValueHeaders',
      'body',
      'isBase64Encoded',
    ]);
    assert.deepEqual(event.requestContext.elb.targetGroupArn, multi);
    assert.deepEqual(event.multiValueQueryStringParameters, { tag: ['a%20b', 'c'] });
    assert.deepEqual(event.multiValueHeaders!['x-dup'], ['first']);
    assert.deepEqual(event.multiValueHeaders!['x-forwarded-proto'], ['http']);
  });

  test('a malformed response or a function error is 502 Bad Gateway with ALB’s page, a timeout 504; base64 bodies are decoded', async () => {
    for (const path of ['/api/malformed', '/api/object-body', '/api/throw']) {
      const reply = await get(path);
      assert.equal(reply.status, 502, path);
      assert.equal(reply.headers.server, 'awselb/2.0');
      assert.equal(reply.headers['content-type'], 'text/html');
      assert.equal(
        reply.body,
        '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
      );
    }
    const slow = await get('/api/slow');
    assert.equal(slow.status, 504);
    assert.match(slow.body, /<title>504 Gateway Time-out<\/title>/);
    const binary = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(({ default: http }) => {
        const req = http.request({ host: '127.0.0.1', port: new URL(t.url).port, path: '/api/binary', headers: { host: dns }, agent: false }, (res) => {
          assert.equal(res.statusCode, 201);
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        });
        req.on('error', reject);
        req.end();
      }, reject);
    });
    assert.deepEqual([...binary], [0, 1, 2, 255]);
  });
});
