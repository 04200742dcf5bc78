import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { progress } from '../log.js';
import { isSealedIntact, privateCacheDir, sealTree, verifiedLinkDir } from './private-cache.js';
import { defaultPythonInterpreter, type PythonInterpreter } from './python-interpreter.js';

/**
 * Lambda's Python runtimes bundle boto3 and its dependencies, and nothing else. Functions here run
 * with `-S` (no site-packages of the machine), so they see this bundle: a directory of links to
 * the interpreter's own copies of exactly those packages, else to the machine's python3's copies
 * when they import under this interpreter, else boto3 installed with pip for this interpreter's
 * version into Tributary's cache (`~/.cache/tributary/python-sdk/python3.X`). Every AWS Python
 * runtime has boto3, so a function must find one whichever interpreter runs it. Both live in the
 * user's private cache (0700); links are checked one by one, an install against its sealed hash.
 */
const BUNDLED = ['boto3', 'botocore', 's3transfer', 'jmespath', 'dateutil', 'urllib3', 'six.py'];
const BUNDLED_DISTRIBUTIONS = ['boto3', 'botocore', 's3transfer', 'jmespath', 'python_dateutil', 'urllib3', 'six'];

const PIP_TIMEOUT_MS = 300_000;

const linked = new Map<string, Promise<string | undefined>>();
const perInterpreter = new Map<string, Promise<string | undefined>>();

function run(command: string, args: string[], timeout: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout }, (error, stdout) => resolve(error ? undefined : stdout.toString()));
  });
}

async function importsBoto3(executable: string, dir: string): Promise<boolean> {
  const check = `import sys; sys.path.insert(0, ${JSON.stringify(dir)}); import boto3`;
  return (await run(executable, ['-S', '-c', check], 30_000)) !== undefined;
}

async function linkBundle(siteDir: string): Promise<string | undefined> {
  const id = createHash('sha256').update(siteDir).digest('hex').slice(0, 16);
  try {
    const entries = await readdir(siteDir);
    const wanted = entries.filter(
      (name) => BUNDLED.includes(name) || BUNDLED_DISTRIBUTIONS.some((d) => name.startsWith(`${d}-`) && name.endsWith('.dist-info')),
    );
    const home = await privateCacheDir('python-sdk-links');
    return await verifiedLinkDir(path.join(home, id), new Map(wanted.map((name) => [name, path.join(siteDir, name)])));
  } catch {
    return undefined;
  }
}

function linkedBundle(siteDir: string): Promise<string | undefined> {
  let pending = linked.get(siteDir);
  if (!pending) {
    pending = linkBundle(siteDir);
    linked.set(siteDir, pending);
  }
  return pending;
}

const versions = new Map<string, Promise<string | undefined>>();

/** `3.12` for a python3.12 interpreter. */
function versionOf(executable: string): Promise<string | undefined> {
  let pending = versions.get(executable);
  if (!pending) {
    pending = run(executable, ['-S', '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], 10_000).then((out) => out?.trim() || undefined);
    versions.set(executable, pending);
  }
  return pending;
}

const minorOf = (version: string | undefined) => Number(version?.split('.')[1] ?? NaN);

/**
 * boto3 installed by this interpreter's pip, once per Python version, shared by later starts. An
 * install is used only while its files hash to what was sealed when pip finished.
 */
async function installedBundle(executable: string): Promise<string | undefined> {
  const version = await versionOf(executable);
  if (!version) return undefined;
  const home = await privateCacheDir('python-sdk').catch(() => undefined);
  if (!home) return undefined;
  const dir = path.join(home, `python${version}`);
  if ((await isSealedIntact(dir)) && (await importsBoto3(executable, dir))) return dir;
  const staging = `${dir}.${process.pid}-${Date.now()}`;
  const pip = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--target', staging, 'boto3'];
  const step = progress(`installing boto3 for python${version} functions (first use, shared by later starts)`);
  const installed = (await run(executable, pip, PIP_TIMEOUT_MS)) !== undefined;
  if (installed) step.done();
  else step.failed('pip install boto3 did not succeed; functions run without boto3');
  if (installed) {
    await sealTree(staging);
    await rm(dir, { recursive: true, force: true });
    // Another Tributary may have finished the same install first; either copy will do.
    await rename(staging, dir).catch(() => undefined);
  }
  await rm(staging, { recursive: true, force: true });
  return (await isSealedIntact(dir)) && (await importsBoto3(executable, dir)) ? dir : undefined;
}

async function findBundle(interpreter: PythonInterpreter): Promise<string | undefined> {
  if (interpreter.boto3Site) return linkedBundle(interpreter.boto3Site);
  const fallback = await defaultPythonInterpreter();
  if (fallback?.boto3Site) {
    const dir = await linkedBundle(fallback.boto3Site);
    // The machine's boto3 may need a newer Python than this one (urllib3 2.x drops old versions);
    // a newer interpreter runs it, so only an older one pays for trying the import.
    const [mine, theirs] = await Promise.all([versionOf(interpreter.executable), versionOf(fallback.executable)]);
    const newer = minorOf(mine) >= minorOf(theirs);
    if (dir && (newer || (await importsBoto3(interpreter.executable, dir)))) return dir;
  }
  return installedBundle(interpreter.executable);
}

/** The directory the bootstrap appends to `sys.path` so that `import boto3` works. */
export function pythonSdkDir(interpreter: PythonInterpreter): Promise<string | undefined> {
  let pending = perInterpreter.get(interpreter.executable);
  if (!pending) {
    pending = findBundle(interpreter);
    perInterpreter.set(interpreter.executable, pending);
    // A failed install (no network, say) is tried again by the next cold start.
    void pending.then((dir) => dir ?? perInterpreter.delete(interpreter.executable));
  }
  return pending;
}
