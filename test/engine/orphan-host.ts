// A stand-in Tributary process for no-orphans.test.ts: runs a Node.js and a Python instance to
// idle, starts one of each that never finishes, prints the four pids as one JSON line, then exits
// on its own (`exit`) or waits to be killed.
import fs from 'node:fs';
import path from 'node:path';
import { cleanTempDirs, createHarness, json, tempDir } from './engine-harness.js';

const h = createHarness();
const node = h.fn({ 'index.js': 'exports.handler = async () => process.pid;' });
const python = h.fn({ 'app.py': 'import os\ndef handler(event, context):\n    return os.getpid()\n' }, { runtime: 'python3.12', handler: 'app.handler' });
const pidDir = tempDir('tributary-orphan-pids-');
const hangingNode = h.fn(
  {
    'index.js':
      "exports.handler = async () => { require('fs').writeFileSync(process.env.PID_FILE, String(process.pid)); await new Promise((r) => setTimeout(r, 600_000)); };",
  },
  { timeoutSeconds: 600, environment: { PID_FILE: path.join(pidDir, 'node') } },
);
const hangingPython = h.fn(
  { 'app.py': 'import os, time\ndef handler(event, context):\n    open(os.environ["PID_FILE"], "w").write(str(os.getpid()))\n    time.sleep(600)\n' },
  { runtime: 'python3.12', handler: 'app.handler', timeoutSeconds: 600, environment: { PID_FILE: path.join(pidDir, 'python') } },
);
const pids = [json(await h.invoke(node)), json(await h.invoke(python))];
void h.invoke(hangingNode).catch(() => {});
void h.invoke(hangingPython).catch(() => {});
for (const name of ['node', 'python']) {
  const file = path.join(pidDir, name);
  while (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') === '') await new Promise((r) => setTimeout(r, 20));
  pids.push(Number(fs.readFileSync(file, 'utf8')));
}
process.stdout.write(`${JSON.stringify(pids)}\n`);
if (process.argv[2] === 'exit') {
  cleanTempDirs();
  process.exit(0);
}
setInterval(() => {}, 1000);
