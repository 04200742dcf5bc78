import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { startTributary } from '../support/tributary.js';
import { rawRequest } from '../support/raw-http.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';

const SLOW = (ms: number) => `exports.handler = async () => { await new Promise((r) => setTimeout(r, ${ms})); return 'finished'; };\n`;

async function invokeRaw(url: string, name: string) {
  return rawRequest(url, { method: 'POST', path: `/2015-03-31/functions/${name}/invocations`, body: '{}', timeoutMs: 30_000 });
}

/** Resolves once the server reports `n` invocations of `name` started (bounded). */
async function untilInvoking(t: Awaited<ReturnType<typeof startTributary>>, name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the invocation never started')), 20_000);
    const off = t.tributary.observations.subscribe(
      (o) => {
        if (JSON.stringify(o).includes(name)) {
          clearTimeout(timer);
          off();
          resolve();
        }
      },
      ['invocation.started'],
    );
  });
}

describe('stopping Tributary is graceful', () => {
  test('a synchronous invoke in flight when stop begins finishes and is answered', async () => {
    const t = await startTributary({ config: { shutdownGraceMs: 15_000 } });
    const lambda = lambdaClient(t.url);
    try {
      await createFunction(lambda, 'finishes', { files: { 'index.js': SLOW(1_000) } });
      const started = untilInvoking(t, 'finishes');
      const answered = lambda.send(new InvokeCommand({ FunctionName: 'finishes' }));
      await started;
      await t.stop();
      const result = await answered;
      assert.equal(result.StatusCode, 200);
      assert.equal(Buffer.from(result.Payload!).toString(), '"finished"');
    } finally {
      lambda.destroy();
    }
  });

  test('a request still running when the grace period ends gets an AWS-shaped 503, not a dropped connection', async () => {
    const t = await startTributary({ config: { shutdownGraceMs: 300 } });
    const lambda = lambdaClient(t.url);
    try {
      await createFunction(lambda, 'outlives', { files: { 'index.js': SLOW(10_000) } });
      const started = untilInvoking(t, 'outlives');
      const answered = invokeRaw(t.url, 'outlives');
      await started;
      await t.stop();
      const reply = await answered;
      assert.equal(reply.status, 503);
      assert.equal(reply.headers['x-amzn-errortype'], 'ServiceUnavailable');
      assert.match(reply.body, /shutting down/);
    } finally {
      lambda.destroy();
    }
  });
});
