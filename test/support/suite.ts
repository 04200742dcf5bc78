import { after, before } from 'node:test';
import { startTributary, type TestTributary } from './tributary.js';

/**
 * Stands for an object that exists only once the suite's `before` hook has made it: every property
 * read (methods bound to it) and `instanceof` go to `current()`. SDK paginators check
 * `client instanceof <Service>Client`, hence the prototype.
 */
function standIn<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_, prop) {
      const real = current();
      const value: unknown = Reflect.get(real, prop, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
    has: (_, prop) => prop in current(),
    getPrototypeOf: () => Object.getPrototypeOf(current()),
  });
}

function made<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('made in the suite’s before hook: use it inside tests and hooks');
  return value;
}

/** What to undo before a suite's Tributary stops (its clients), so it stops with nothing attached. */
const beforeStop = new WeakMap<TestTributary, (() => void)[]>();

/** A Tributary started (as `startTributary`) in the enclosing suite's `before` hook and stopped in its `after` hook. */
export function tributaryPerSuite(options: Parameters<typeof startTributary>[0] = {}): TestTributary {
  let started: TestTributary | undefined;
  const t = standIn(() => made(started));
  beforeStop.set(t, []);
  before(async () => {
    started = await startTributary(options);
  });
  after(async () => {
    for (const undo of beforeStop.get(t)!.splice(0)) undo();
    await started?.stop();
  });
  return t;
}

/** A client `make(url)` builds for the suite's Tributary in the `before` hook, destroyed before it stops. */
export function clientPerSuite<C extends { destroy(): void }>(t: TestTributary, make: (url: string) => C): C {
  const undo = beforeStop.get(t);
  if (!undo) throw new Error('clientPerSuite takes the Tributary tributaryPerSuite returned');
  let client: C | undefined;
  before(() => {
    client = make(t.url);
    undo.push(() => client?.destroy());
  });
  return standIn(() => made(client));
}
