// A stand-in Tributary process for no-orphans.test.ts: starts a Node.js and a Python instance,
// prints their pids as one JSON line, then exits on its own (`exit`) or waits to be killed.
import { cleanTempDirs, createHarness, json } from './engine-harness.js';

const h = createHarness();
const node = h.fn({ 'index.js': 'exports.handler = async () => process.pid;' });
const python = h.fn({ 'app.py': 'import os\ndef handler(event, context):\n    return os.getpid()\n' }, { runtime: 'python3.12', handler: 'app.handler' });
const pids = [json(await h.invoke(node)), json(await h.invoke(python))];
process.stdout.write(JSON.stringify(pids) + '\n');
if (process.argv[2] === 'exit') {
  cleanTempDirs();
  process.exit(0);
}
setInterval(() => {}, 1000);
