import { after, describe, test } from 'node:test';
import { eventually } from '../support/tributary.js';
import { cleanTempDirs, createHarness, json, processGone } from '../engine/engine-harness.js';

/** Starts `sleep 600` in its own process group (as a daemonising child would) and returns its pid. */
const ESCAPING_CHILD = `
const { spawn } = require('child_process');
exports.handler = async (event) => {
  const child = spawn('sleep', ['600'], { detached: event.detached, stdio: 'ignore' });
  child.unref();
  if (event.crash) setTimeout(() => process.exit(3), 50);
  return { child: child.pid, self: process.pid };
};`;

describe('an instance is reaped as a whole, children that left its process group included', () => {
  after(cleanTempDirs);

  test('on idle-out', async () => {
    const h = createHarness({ config: { instanceIdleMs: 200 } });
    try {
      const { child, self } = json(await h.invoke(h.fn({ 'index.js': ESCAPING_CHILD }), { detached: true }));
      await eventually(() => processGone(self), 5000, 'the instance to idle out');
      await eventually(() => processGone(child), 5000, `detached child ${child} to be killed`);
    } finally {
      await h.stop();
    }
  });

  test('on retire (code or configuration changed)', async () => {
    const h = createHarness();
    try {
      const spec = h.fn({ 'index.js': ESCAPING_CHILD });
      const { child } = json(await h.invoke(spec, { detached: true }));
      await h.engine.retire(spec.functionArn);
      await eventually(() => processGone(child), 5000, `detached child ${child} to be killed`);
    } finally {
      await h.stop();
    }
  });

  test('on engine stop', async () => {
    const h = createHarness();
    const { child } = json(await h.invoke(h.fn({ 'index.js': ESCAPING_CHILD }), { detached: true }));
    await h.stop();
    await eventually(() => processGone(child), 5000, `detached child ${child} to be killed`);
  });

  test('on a crash of the runtime, its group is killed', async () => {
    const h = createHarness();
    try {
      const { child, self } = json(await h.invoke(h.fn({ 'index.js': ESCAPING_CHILD }), { detached: false, crash: true }));
      await eventually(() => processGone(self), 5000, 'the runtime to exit');
      await eventually(() => processGone(child), 5000, `child ${child} to be killed`);
    } finally {
      await h.stop();
    }
  });
});
