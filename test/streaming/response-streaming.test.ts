import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  CreateFunctionUrlConfigCommand,
  InvokeWithResponseStreamCommand,
  UpdateFunctionUrlConfigCommand,
  type InvokeWithResponseStreamResponseEvent,
} from '@aws-sdk/client-lambda';
import { runPython } from '../support/aws-cli.js';
import { tempDir } from '../support/functions.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError, createFunction, lambdaClient } from '../lambda/helpers.js';

// Writes `first`, then waits until the test has seen it (the gate file exists), then writes the rest:
// if chunks did not travel as they are written, the handler would never get past the gate.
const GATED = `
const fs = require('node:fs');
const until = async (file) => { for (let i = 0; i < 400 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 10)); return fs.existsSync(file); };
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  if (event.http) {
    responseStream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201, headers: { 'x-streamed': 'yes', 'content-type': 'text/plain' }, cookies: ['a=1'] });
  } else {
    responseStream.setContentType('text/plain');
  }
  responseStream.write('first ');
  const gate = event.gate ?? (event.rawQueryString && decodeURIComponent(event.rawQueryString.slice(5)));
  const passed = await until(gate);
  responseStream.write(passed ? 'after-gate ' : 'gate-timed-out ');
  if (event.fail || (event.rawPath === '/fail')) throw new Error('boom mid-stream');
  responseStream.end('last');
});
`;

async function collectStream(events: AsyncIterable<InvokeWithResponseStreamResponseEvent>, onFirst?: () => void) {
  const chunks: string[] = [];
  let complete: InvokeWithResponseStreamResponseEvent['InvokeComplete'];
  for await (const event of events) {
    if (event.PayloadChunk?.Payload) {
      chunks.push(Buffer.from(event.PayloadChunk.Payload).toString('utf8'));
      if (chunks.length === 1) onFirst?.();
    }
    if (event.InvokeComplete) complete = event.InvokeComplete;
  }
  return { chunks, complete };
}

describe('response streaming', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);
  const gates = tempDir('tributary-gates-');
  let n = 0;
  const gate = () => path.join(gates, `gate-${++n}`);

  test('InvokeWithResponseStream delivers chunks as the handler writes them, then InvokeComplete', async () => {
    await createFunction(lambda, 'streamer', { files: { 'index.js': GATED }, Timeout: 10 });
    const file = gate();
    const out = await lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: 'streamer', Payload: Buffer.from(JSON.stringify({ gate: file })), LogType: 'Tail' }),
    );
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.ResponseStreamContentType, 'application/vnd.amazon.eventstream');
    const { chunks, complete } = await collectStream(out.EventStream!, () => fs.writeFileSync(file, ''));
    assert.equal(chunks.join(''), 'first after-gate last');
    assert.ok(chunks.length >= 2, `chunks arrived one by one: ${JSON.stringify(chunks)}`);
    assert.equal(complete?.ErrorCode, undefined);
    assert.match(Buffer.from(complete!.LogResult!, 'base64').toString('utf8'), /REPORT RequestId/);
  });

  test('boto3 reads the same event stream', async () => {
    const file = gate();
    fs.writeFileSync(file, '');
    const result = await runPython(
      `
import boto3, json, sys
client = boto3.client('lambda', endpoint_url=sys.argv[1])
out = client.invoke_with_response_stream(FunctionName='streamer', Payload=json.dumps({'gate': sys.argv[2]}))
chunks, complete = [], None
for event in out['EventStream']:
    if 'PayloadChunk' in event: chunks.append(event['PayloadChunk']['Payload'].decode())
    if 'InvokeComplete' in event: complete = event['InvokeComplete']
print(json.dumps({'status': out['StatusCode'], 'body': ''.join(chunks), 'complete': complete}))
`,
      [t.url, file],
    );
    assert.equal(result.status, 200);
    assert.equal(result.body, 'first after-gate last');
    assert.deepEqual(result.complete, {});
  });

  test('an error after the stream began ends it with InvokeComplete naming the error', async () => {
    const file = gate();
    fs.writeFileSync(file, '');
    const out = await lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: 'streamer', Payload: Buffer.from(JSON.stringify({ gate: file, fail: true })) }),
    );
    const { chunks, complete } = await collectStream(out.EventStream!);
    assert.equal(chunks.join(''), 'first after-gate ');
    assert.equal(complete?.ErrorCode, 'Error');
    assert.equal(complete?.ErrorDetails, 'boom mid-stream');
  });

  test('a function that times out mid-stream ends the stream with InvokeComplete Sandbox.Timedout', async () => {
    await createFunction(lambda, 'stuck', {
      files: {
        'index.js': `exports.handler = awslambda.streamifyResponse(async (event, stream) => { stream.write('started'); await new Promise(() => setInterval(() => {}, 1000)); });`,
      },
      Timeout: 1,
    });
    const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'stuck' }));
    const { chunks, complete } = await collectStream(out.EventStream!);
    assert.deepEqual(chunks, ['started']);
    assert.equal(complete?.ErrorCode, 'Sandbox.Timedout');
    assert.match(complete!.ErrorDetails!, /Task timed out after 1\.00 seconds/);
  });

  test('a handler that does not stream answers in one chunk; unknown functions are ordinary errors', async () => {
    await createFunction(lambda, 'buffered');
    const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'buffered', Payload: Buffer.from('{"a":1}') }));
    const { chunks, complete } = await collectStream(out.EventStream!);
    assert.equal(chunks.length, 1);
    assert.deepEqual(JSON.parse(chunks[0]!).echoed, { a: 1 });
    assert.deepEqual(complete, {});
    const missing = await awsError(lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    const badMode = await awsError(lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'buffered', InvocationType: 'Event' as never })));
    assert.equal(badMode.name, 'ValidationException');
  });

  test('a RESPONSE_STREAM function URL streams to the HTTP client, status and headers from the HttpResponseStream prelude', async () => {
    const bad = await awsError(
      lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'streamer', AuthType: 'NONE', InvokeMode: 'STREAMING' as never })),
    );
    assert.equal(bad.name, 'ValidationException');
    const created = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'streamer', AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' }));
    assert.equal(created.InvokeMode, 'RESPONSE_STREAM');
    const url = new URL(created.FunctionUrl!);

    const request = (pathname: string, onFirst?: () => void) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; aborted: boolean }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: url.port, path: pathname, headers: { host: url.host }, agent: false }, (res) => {
          let body = '';
          let aborted = false;
          res.on('data', (c: Buffer) => {
            if (body === '') onFirst?.();
            body += c.toString('utf8');
          });
          res.on('aborted', () => (aborted = true));
          res.on('error', () => (aborted = true));
          res.on('close', () => resolve({ status: res.statusCode!, headers: res.headers, body, aborted: aborted || !res.complete }));
        });
        req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
        req.on('error', reject);
        req.end();
      });

    const file = gate();
    const plain = await request(`/?gate=${encodeURIComponent(file)}`, () => fs.writeFileSync(file, ''));
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], 'text/plain');
    assert.equal(plain.headers['transfer-encoding'], 'chunked');
    assert.equal(plain.body, 'first after-gate last');
    assert.equal(plain.aborted, false);

    const cut = gate();
    fs.writeFileSync(cut, '');
    const failed = await request(`/fail?gate=${encodeURIComponent(cut)}`);
    assert.equal(failed.status, 200);
    assert.equal(failed.body, 'first after-gate ');
    assert.equal(failed.aborted, true);

    // The same function with an HTTP prelude: status, headers and cookies from it, then the body.
    await createFunction(lambda, 'http-streamer', {
      files: { 'index.js': GATED.replace('if (event.http)', 'if (true)') },
      Timeout: 10,
    });
    const httpUrl = new URL(
      (await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'http-streamer', AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' }))).FunctionUrl!,
    );
    const third = gate();
    const withPrelude = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: httpUrl.port, path: `/?gate=${encodeURIComponent(third)}`, headers: { host: httpUrl.host }, agent: false },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => {
            if (body === '') fs.writeFileSync(third, '');
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(withPrelude.status, 201);
    assert.equal(withPrelude.headers['x-streamed'], 'yes');
    assert.deepEqual(withPrelude.headers['set-cookie'], ['a=1']);
    assert.equal(withPrelude.body, 'first after-gate last');

    // The invoke mode is part of the URL's configuration, echoed as it changes.
    const updated = await lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'streamer', InvokeMode: 'BUFFERED' }));
    assert.equal(updated.InvokeMode, 'BUFFERED');
  });
});
