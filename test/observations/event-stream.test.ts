import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/clock.js';
import { Observations } from '../../src/observations/bus.js';
import { EventStream } from '../../src/observations/sse.js';
import { eventually } from '../support/tributary.js';
import { connectEvents, observed } from '../support/observed.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:process-orders';
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:order-queue';

describe('the events stream', () => {
  const clock = new ManualClock();
  const observations = new Observations(clock);
  const stream = new EventStream(observations, clock);
  const server = http.createServer((req, res) => stream.serve(req, res, new URL(req.url ?? '/', 'http://localhost')));
  let url = '';

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('subscribes only to the types asked for, and unsubscribes when the client goes away', async () => {
    assert.equal(observations.wants('batch.finished'), false);
    const client = await connectEvents(url, 'type=batch.');
    assert.equal(client.status, 200);
    assert.match(String(client.headers['content-type']), /^text\/event-stream/);
    assert.equal(observations.wants('batch.gathered'), true);
    assert.equal(observations.wants('batch.finished'), true);
    assert.equal(observations.wants('api.call'), false);
    client.close();
    await eventually(() => (observations.wants('batch.finished') ? undefined : true), 5000, 'the stream to unsubscribe');
  });

  test('each observation is one event frame: its type, its sequence number and its JSON', async () => {
    const client = await connectEvents(url, `type=batch.finished,loop.stopped&function=process-orders`);
    try {
      const arrived = observed(client, 'loop.stopped');
      observations.emit({ type: 'batch.finished', ids: { functionArn: `${FN}-other` }, size: 1, outcome: 'success', failed: 0, returned: 0 });
      observations.emit({ type: 'batch.finished', ids: { functionArn: FN, sourceArn: QUEUE }, size: 10, outcome: 'success', failed: 3, returned: 3 });
      observations.emit({ type: 'loop.stopped', ids: { functionArn: FN }, count: 17 });
      const loop = await arrived;
      assert.equal(loop.count, 17);
      assert.equal(client.frames.length, 2, 'the other function is filtered out');
      const [frame] = client.frames;
      assert.equal(frame!.event, 'batch.finished');
      const data = JSON.parse(frame!.data);
      assert.equal(frame!.id, String(data.seq));
      assert.deepEqual(
        { ...data, seq: 0 },
        { type: 'batch.finished', ids: { functionArn: FN, sourceArn: QUEUE }, size: 10, outcome: 'success', failed: 3, returned: 3, seq: 0, time: clock.now() },
      );
    } finally {
      client.close();
    }
  });

  test('a quiet stream gets a keep-alive comment every 15 seconds', async () => {
    const client = await connectEvents(url, 'type=dlq.moved');
    try {
      assert.deepEqual(client.comments, ['subscribed to dlq.moved']);
      clock.advance(14_999);
      clock.advance(1);
      await eventually(() => (client.comments.length === 2 ? true : undefined), 5000, 'a keep-alive');
      clock.advance(15_000);
      await eventually(() => (client.comments.length === 3 ? true : undefined), 5000, 'a second keep-alive');
      assert.deepEqual(client.comments.slice(1), ['keep-alive', 'keep-alive']);
    } finally {
      client.close();
    }
  });

  test('an unknown type is a 400 naming the known types', async () => {
    const client = await connectEvents(url, 'type=nonsense');
    assert.equal(client.status, 400);
    assert.equal(observations.wants('api.call'), false);
    client.close();
  });
});
