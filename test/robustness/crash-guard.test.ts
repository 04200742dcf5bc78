import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardProcess, trackRequest } from '../../src/server/crash-guard.js';
import type { Logger } from '../../src/log.js';
import { rawRequest } from '../support/raw-http.js';

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info() {}, warn() {}, error: (m) => errors.push(m), functionLine() {} };
}

describe('the process guard', () => {
  test('an error escaping from a request’s own events is logged and answered 500; the process keeps serving', async () => {
    const proc = new EventEmitter();
    const logger = recordingLogger();
    const uninstall = guardProcess(logger, proc);
    const server = http.createServer((req, res) => {
      trackRequest(res);
      if (req.url === '/escape') {
        // Stands for an 'error' event nobody listened for, raised while the body arrives.
        req.on('data', () => proc.emit('uncaughtException', new Error('decoder exploded')));
        return;
      }
      res.end('fine');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const escaped = await rawRequest(url, { method: 'PUT', path: '/escape', body: 'bytes' });
      assert.equal(escaped.status, 500);
      assert.match(escaped.body, /ServiceException/);
      assert.equal(logger.errors.length, 1);
      assert.match(logger.errors[0]!, /decoder exploded/);
      assert.match(logger.errors[0]!, /keeps running/);
      assert.equal((await rawRequest(url, { path: '/next' })).body, 'fine');
    } finally {
      uninstall();
      server.close();
    }
  });

  test('an unattributable rejection is logged, and nothing is answered', () => {
    const proc = new EventEmitter();
    const logger = recordingLogger();
    const uninstall = guardProcess(logger, proc);
    proc.emit('unhandledRejection', new Error('stray'));
    uninstall();
    assert.equal(logger.errors.length, 1);
    assert.doesNotMatch(logger.errors[0]!, /500/);
    assert.equal(proc.listenerCount('uncaughtException'), 0);
  });
});
