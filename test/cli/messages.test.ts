import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/processes.js';
import { runTributary } from './run.js';

const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-cli-'));

const sourceFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

/** One line on stderr, no stack. */
function assertOneLine(stderr: string): void {
  assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

describe('tributary help and version', () => {
  for (const args of [['--help'], ['help'], ['-h'], []]) {
    test(`tributary ${args.join(' ') || '(no command)'} prints the commands and exits 0`, async () => {
      const run = await runTributary(args);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /Usage: tributary start \[options\]/);
      assert.match(run.stdout, /tributary status/);
      assert.equal(run.stderr, '');
    });
  }

  for (const args of [['--version'], ['-v'], ['version']]) {
    test(`tributary ${args[0]} prints the package version`, async () => {
      const run = await runTributary(args);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `${version}\n`);
    });
  }

  test('tributary start --help lists every option and every TRIBUTARY_* variable in src/, as docs/cli.md does', async () => {
    const run = await runTributary(['start', '--help']);
    assert.equal(run.code, 0);
    const sources = sourceFiles(path.join(ROOT, 'src'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const variables = new Set(sources.match(/TRIBUTARY_[A-Z_]+/g));
    assert.ok(variables.size > 20);
    const docs = fs.readFileSync(path.join(ROOT, 'docs/cli.md'), 'utf8');
    for (const variable of variables) {
      assert.ok(run.stdout.includes(variable), `help names ${variable}`);
      assert.ok(docs.includes(variable), `docs/cli.md names ${variable}`);
    }
    for (const option of run.stdout.matchAll(/^ {2}(--[a-z-]+)/gm)) assert.ok(docs.includes(`\`${option[1]}`), `docs/cli.md names ${option[1]}`);
    const status = await runTributary(['status', '--help']);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /Usage: tributary status/);
  });
});

describe('tributary usage errors exit 2 with one line', () => {
  test('an unknown command names the known ones', async () => {
    const run = await runTributary(['frobnicate']);
    assert.equal(run.code, 2);
    assertOneLine(run.stderr);
    assert.match(run.stderr, /unknown command frobnicate \(commands: start, status, help, version\)/);
  });

  test('an unknown option points at the command’s help', async () => {
    const run = await runTributary(['start', '--prot', '4566']);
    assert.equal(run.code, 2);
    assertOneLine(run.stderr);
    assert.equal(run.stderr, 'tributary: unknown option --prot for tributary start (see tributary start --help)\n');
  });

  test('an option without its value, and a stray argument', async () => {
    const missing = await runTributary(['start', '--port']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^tributary: option --port needs a value \(see tributary start --help\)\n$/);
    const stray = await runTributary(['start', 'now']);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /^tributary: unexpected argument now for tributary start/);
  });

  for (const [args, message] of [
    [['--port', '70000'], '--port 70000 is not valid: expected a whole number from 0 to 65535'],
    [['--port', 'abc'], '--port abc is not valid: expected a whole number from 0 to 65535'],
    [['--port=-1'], '--port -1 is not valid'],
    [['--port', '-1'], 'option --port needs a value; one starting with a dash is written --port=-…'],
    [['--max-instances', '0'], '--max-instances 0 is not valid: expected a whole number (1 or more)'],
    [['--instance-memory-mb', '1.5'], '--instance-memory-mb 1.5 is not valid'],
  ] as const) {
    test(`start ${args.join(' ')}`, async () => {
      const run = await runTributary(['start', ...args, '--data-dir', tempDir()]);
      assert.equal(run.code, 2);
      assertOneLine(run.stderr);
      assert.ok(run.stderr.includes(message), run.stderr);
    });
  }

  for (const [name, value, message] of [
    ['TRIBUTARY_PORT', 'abc', 'TRIBUTARY_PORT=abc is not valid: expected a whole number from 0 to 65535'],
    ['TRIBUTARY_SHUTDOWN_GRACE_MS', '10s', 'TRIBUTARY_SHUTDOWN_GRACE_MS=10s is not valid: expected a whole number (0 or more)'],
    ['TRIBUTARY_ASYNC_RETRY_DELAY_SCALE', 'fast', 'TRIBUTARY_ASYNC_RETRY_DELAY_SCALE=fast is not valid: expected a number'],
    ['TRIBUTARY_FUNCTION_LOGS', 'maybe', 'TRIBUTARY_FUNCTION_LOGS=maybe is not valid: expected 1 or 0'],
    ['TRIBUTARY_ENFORCE_AUTH', 'yes please', 'TRIBUTARY_ENFORCE_AUTH=yes please is not valid'],
  ] as const) {
    test(`${name}=${value} is named with its value`, async () => {
      const run = await runTributary(['start'], { [name]: value, TRIBUTARY_DATA_DIR: tempDir() });
      assert.equal(run.code, 2);
      assertOneLine(run.stderr);
      assert.ok(run.stderr.includes(message), run.stderr);
    });
  }
});

describe('tributary start cannot start', () => {
  test('a port in use names the process holding it, where the OS says', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    try {
      const run = await runTributary(['start', '--port', String(port), '--data-dir', tempDir()]);
      assert.equal(run.code, 1);
      assertOneLine(run.stderr);
      assert.match(run.stderr, new RegExp(`port ${port} is already in use by \\S+ \\(pid ${process.pid}\\); .*--port`));
    } finally {
      holder.close();
    }
  });

  test('a data dir under /proc fails at once instead of hanging', { skip: !fs.existsSync('/proc/self') }, async () => {
    const run = await runTributary(['start', '--port', '0', '--data-dir', '/proc/nope'], {}, 5_000);
    assert.equal(run.code, 1);
    assertOneLine(run.stderr);
    assert.match(run.stderr, /^tributary: cannot create data dir \/proc\/nope: /);
  });

  test('a file as the data dir, or a file on the way to it', async () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'x');
    const run = await runTributary(['start', '--port', '0', '--data-dir', file]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `tributary: cannot use data dir ${file}: it is a file, not a directory\n`);
    const under = await runTributary(['start', '--port', '0'], { TRIBUTARY_DATA_DIR: path.join(file, 'state') });
    assert.equal(under.code, 1);
    assert.equal(under.stderr, `tributary: cannot create data dir ${path.join(file, 'state')}: ${file} is a file, not a directory\n`);
  });

  test('a data dir this user may not write', { skip: process.getuid?.() === 0 ? 'root may write anywhere' : false }, async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o500);
    const run = await runTributary(['start', '--port', '0', '--data-dir', dir]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /it is not writable \(permission denied\)/);
  });
});
