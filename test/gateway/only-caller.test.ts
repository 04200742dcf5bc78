// The function gateway is the only way anything runs a function: no module outside src/gateway
// (and the engine itself) may call the engine's invoke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('no module but the gateway calls the engine to invoke a function', () => {
  const callers = sources(SRC)
    .filter((file) => !file.startsWith(path.join(SRC, 'gateway') + path.sep) && !file.startsWith(path.join(SRC, 'engine') + path.sep))
    .filter((file) => /\bengine\s*\.\s*invoke\s*\(|\.engine\)?\.invoke\b/.test(fs.readFileSync(file, 'utf8')))
    .map((file) => path.relative(SRC, file));
  assert.deepEqual(callers, []);
});

test('the gateway does call the engine', () => {
  const gateway = fs.readFileSync(path.join(SRC, 'gateway/function-gateway.ts'), 'utf8');
  assert.match(gateway, /engine\.invoke\(/);
});
