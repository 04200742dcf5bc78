// Runs benchmarks: every bench/*.ts, or those whose name contains one of the arguments.
// Usage: node scripts/bench.mjs [name-filter ...]   (bundles dist/cli.js first: benches start bin/tributary.js)
// bench/support.ts holds shared helpers and files starting with `_` are scratch: neither is run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2);
const benches = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'support.ts')
  .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)))
  .sort();
if (benches.length === 0) {
  console.error('no benchmark matched');
  process.exit(1);
}

// Benches measure the bundled server; bundling does not typecheck, so a type error elsewhere does not stop them.
const build = spawnSync('npm', ['run', '--silent', 'bundle'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = false;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', bench)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
