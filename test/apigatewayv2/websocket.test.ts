import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import WebSocket from 'ws';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError, createFunction, lambdaClient } from '../lambda/helpers.js';
import { apiClient, lambdaArn } from './helpers.js';

/**
 * Reports every event to the test's sink; `push` messages answer through the @connections API from
 * inside the function; `$connect` with `?deny=1` refuses the connection.
 */
const HANDLER = `const { ApiGatewayManagementApiClient, PostToConnectionCommand, GetConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');
exports.handler = async (event) => {
  await fetch(process.env.SINK, { method: 'POST', body: JSON.stringify(event) });
  const c = event.requestContext;
  if (c.eventType === 'CONNECT') return { statusCode: event.queryStringParameters && event.queryStringParameters.deny ? 403 : 200 };
  if (c.routeKey === 'push') {
    const client = new ApiGatewayManagementApiClient({ endpoint: process.env.AWS_ENDPOINT_URL + '/_aws/execute-api/' + c.apiId + '/' + c.stage });
    const me = await client.send(new GetConnectionCommand({ ConnectionId: c.connectionId }));
    await client.send(new PostToConnectionCommand({ ConnectionId: c.connectionId, Data: JSON.stringify({ pushed: JSON.parse(event.body).text, sourceIp: me.Identity.SourceIp }) }));
    return { statusCode: 200 };
  }
  if (c.eventType === 'MESSAGE') return { statusCode: 200, body: 'echo:' + event.body };
  return { statusCode: 200 };
};\n`;

interface Sink {
  events: Record<string, any>[];
  next(where: (e: Record<string, any>) => boolean): Promise<Record<string, any>>;
}

function messages(ws: WebSocket): () => Promise<string> {
  const queue: string[] = [];
  const waiting: ((m: string) => void)[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const w = waiting.shift();
    if (w) w(text);
    else queue.push(text);
  });
  return () =>
    new Promise((resolve, reject) => {
      const ready = queue.shift();
      if (ready !== undefined) return resolve(ready);
      const timer = setTimeout(() => reject(new Error('no message within 10 s')), 10_000);
      waiting.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
}

const opened = (ws: WebSocket) =>
  new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (req, res) => {
      // With this listener the client must end the refused request itself.
      req.destroy();
      reject(new Error(`handshake answered ${res.statusCode}`));
    });
    ws.once('error', reject);
  });

describe('WebSocket APIs', () => {
  const t = tributaryPerSuite();
  const api = clientPerSuite(t, apiClient);
  const lambda = clientPerSuite(t, lambdaClient);
  let server: http.Server;
  const sink: Sink = {
    events: [],
    next(where) {
      return new Promise((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const look = () => {
          const found = sink.events.find(where);
          if (found) return resolve(found);
          if (Date.now() > deadline) return reject(new Error('event not seen within 10 s'));
          setTimeout(look, 20);
        };
        look();
      });
    },
  };
  let apiId = '';

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        sink.events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('connect, message, a push from inside the function through @connections, and disconnect', async () => {
    const sinkUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await createFunction(lambda, 'ws', { files: { 'index.js': HANDLER }, Environment: { Variables: { SINK: sinkUrl } }, Timeout: 10 });
    const created = await api.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    apiId = created.ApiId!;
    const port = new URL(t.url).port;
    assert.equal(created.ApiEndpoint, `ws://${apiId}.execute-api.localhost:${port}`);
    const integration = await api.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: lambdaArn('ws') }));
    assert.equal(integration.PayloadFormatVersion, '1.0');
    const target = `integrations/${integration.IntegrationId}`;
    for (const RouteKey of ['$connect', '$disconnect', 'push']) await api.send(new CreateRouteCommand({ ApiId: apiId, RouteKey, Target: target }));
    await api.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$default', Target: target, RouteResponseSelectionExpression: '$default' }));
    await api.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', AutoDeploy: true }));

    const ws = new WebSocket(`ws://127.0.0.1:${port}/prod?room=blue`, { headers: { host: `${apiId}.execute-api.localhost:${port}`, 'X-Client': 'test' } });
    const next = messages(ws);
    await opened(ws);
    const connect = await sink.next((e) => e.requestContext.eventType === 'CONNECT');
    const { connectionId } = connect.requestContext;
    assert.match(connectionId, /^[A-Za-z0-9]{15}=$/);
    assert.equal(connect.requestContext.routeKey, '$connect');
    assert.equal(connect.requestContext.apiId, apiId);
    assert.equal(connect.requestContext.stage, 'prod');
    assert.equal(connect.requestContext.messageDirection, 'IN');
    assert.equal(connect.requestContext.domainName, `${apiId}.execute-api.localhost:${port}`);
    assert.equal(typeof connect.requestContext.connectedAt, 'number');
    assert.equal(typeof connect.requestContext.requestTimeEpoch, 'number');
    assert.equal(connect.requestContext.identity.sourceIp, '127.0.0.1');
    assert.equal(connect.headers['X-Client'], 'test');
    assert.deepEqual(connect.multiValueHeaders['X-Client'], ['test']);
    assert.deepEqual(connect.queryStringParameters, { room: 'blue' });
    assert.equal(connect.isBase64Encoded, false);

    ws.send(JSON.stringify({ action: 'push', text: 'hello' }));
    assert.deepEqual(JSON.parse(await next()), { pushed: 'hello', sourceIp: '127.0.0.1' });
    const push = await sink.next((e) => e.requestContext.routeKey === 'push');
    assert.equal(push.requestContext.eventType, 'MESSAGE');
    assert.equal(push.requestContext.connectionId, connectionId);
    assert.equal(typeof push.requestContext.messageId, 'string');
    assert.equal(push.body, JSON.stringify({ action: 'push', text: 'hello' }));

    ws.send('not json');
    assert.equal(await next(), 'echo:not json');
    assert.equal((await sink.next((e) => e.body === 'not json')).requestContext.routeKey, '$default');

    const management = new ApiGatewayManagementApiClient({ ...clientConfig(`${t.url}/_aws/execute-api/${apiId}/prod`), maxAttempts: 1 });
    try {
      const described = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));
      assert.ok(described.ConnectedAt instanceof Date);
      assert.ok(described.LastActiveAt instanceof Date);
      assert.equal(described.Identity?.SourceIp, '127.0.0.1');
      await management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('from the test') }));
      assert.equal(await next(), 'from the test');
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      await closed;
      const disconnect = await sink.next((e) => e.requestContext.eventType === 'DISCONNECT');
      assert.equal(disconnect.requestContext.routeKey, '$disconnect');
      assert.equal(disconnect.requestContext.connectionId, connectionId);
      assert.equal(typeof disconnect.requestContext.disconnectStatusCode, 'number');
      const gone = await awsError(management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('late') })));
      assert.equal(gone.name, 'GoneException');
      assert.equal(gone.status, 410);
    } finally {
      management.destroy();
    }
  });

  test('$connect answering non-2xx refuses the handshake; the path form connects too', async () => {
    const port = new URL(t.url).port;
    const refused = new WebSocket(`ws://127.0.0.1:${port}/_aws/execute-api/${apiId}/prod?deny=1`);
    await assert.rejects(opened(refused), /handshake answered 403/);
    const unknownStage = new WebSocket(`ws://127.0.0.1:${port}/_aws/execute-api/${apiId}/nope`);
    await assert.rejects(opened(unknownStage), /handshake answered 403/);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/_aws/execute-api/${apiId}/prod`);
    await opened(ws);
    const connected = await sink.next((e) => e.requestContext.eventType === 'CONNECT' && !e.queryStringParameters);
    ws.close(1000, 'bye');
    const disconnect = await sink.next(
      (e) => e.requestContext.eventType === 'DISCONNECT' && e.requestContext.connectionId === connected.requestContext.connectionId,
    );
    assert.equal(disconnect.requestContext.disconnectStatusCode, 1000);
    assert.equal(disconnect.requestContext.disconnectReason, 'bye');
  });
});
