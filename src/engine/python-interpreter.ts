import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Finds a real Python interpreter for a `python3.X` runtime: the exact minor version when it is
 * installed, else the closest installed python3 >= 3.9. Shims (pyenv) are resolved to the binary
 * behind them once, so a cold start does not pay for the shim.
 */
export interface PythonInterpreter {
  executable: string;
  /** Whether boto3 is importable, as it always is on Lambda's Python runtimes. */
  hasBoto3: boolean;
}

const resolved = new Map<string, Promise<PythonInterpreter | undefined>>();

const KNOWN_MINORS = [9, 10, 11, 12, 13, 14];

const PROBE = 'import sys, importlib.util; print(sys.executable); print(1 if importlib.util.find_spec("boto3") else 0)';

function probe(command: string): Promise<PythonInterpreter | undefined> {
  return new Promise((resolve) => {
    execFile(command, ['-c', PROBE], { timeout: 10_000 }, (error, stdout) => {
      const [executable, boto3] = (stdout?.toString() ?? '').trim().split('\n');
      resolve(!error && executable ? { executable, hasBoto3: boto3 === '1' } : undefined);
    });
  });
}

let boto3Dir: Promise<string | undefined> | undefined;

/**
 * The site-packages directory holding the machine's default python3's boto3 (pure Python, so it
 * serves other 3.x interpreters too): Lambda bundles boto3 with every Python runtime.
 */
export function boto3SitePackages(): Promise<string | undefined> {
  boto3Dir ??= new Promise((resolve) => {
    const script = 'import os, boto3; print(os.path.dirname(os.path.dirname(os.path.abspath(boto3.__file__))))';
    execFile('python3', ['-c', script], { timeout: 20_000 }, (error, stdout) => {
      const dir = stdout?.toString().trim();
      resolve(!error && dir ? dir : undefined);
    });
  });
  return boto3Dir;
}

async function pyenvCandidates(minor: number): Promise<string[]> {
  const root = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  try {
    const versions = await readdir(path.join(root, 'versions'));
    return versions
      .filter((v) => v.startsWith(`3.${minor}.`) && /^[\d.]+$/.test(v))
      .sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]))
      .map((v) => path.join(root, 'versions', v, 'bin', `python3.${minor}`));
  } catch {
    return [];
  }
}

async function findExact(minor: number): Promise<PythonInterpreter | undefined> {
  // Real binaries first: a pyenv shim for a version that is not selected fails slowly.
  const candidates = [...(await pyenvCandidates(minor)), `/usr/local/bin/python3.${minor}`, `/usr/bin/python3.${minor}`, `python3.${minor}`];
  for (const candidate of candidates) {
    const interpreter = await probe(candidate);
    if (interpreter) return interpreter;
  }
  return undefined;
}

function findVersion(minor: number): Promise<PythonInterpreter | undefined> {
  const key = `3.${minor}`;
  let pending = resolved.get(key);
  if (!pending) {
    pending = findExact(minor);
    resolved.set(key, pending);
  }
  return pending;
}

/** `python3.12` → an interpreter (absolute path); undefined when no python3 >= 3.9 exists. */
export async function resolvePythonInterpreter(runtime: string): Promise<PythonInterpreter | undefined> {
  const wanted = Number(/^python3\.(\d+)$/.exec(runtime)?.[1] ?? 12);
  const order = [...new Set([wanted, ...KNOWN_MINORS])]
    .filter((m) => m >= 9)
    .sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted) || b - a);
  for (const minor of order) {
    const interpreter = await findVersion(minor);
    if (interpreter) return interpreter;
  }
  return probe('python3');
}
