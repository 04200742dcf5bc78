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
  /** The site-packages directory this interpreter finds boto3 in, if any. */
  boto3Site?: string;
}

const resolved = new Map<string, Promise<PythonInterpreter | undefined>>();

const KNOWN_MINORS = [9, 10, 11, 12, 13, 14];

// find_spec locates boto3 without importing it (an import costs ~300 ms).
const PROBE = [
  'import os, sys, importlib.util',
  'print(sys.executable)',
  'spec = importlib.util.find_spec("boto3")',
  'print(os.path.dirname(os.path.dirname(spec.origin)) if spec and spec.origin else "")',
].join('\n');

function probe(command: string): Promise<PythonInterpreter | undefined> {
  return new Promise((resolve) => {
    execFile(command, ['-c', PROBE], { timeout: 10_000 }, (error, stdout) => {
      const [executable, boto3Site] = (stdout?.toString() ?? '').trim().split('\n');
      resolve(!error && executable ? { executable, boto3Site: boto3Site || undefined } : undefined);
    });
  });
}

let defaultPython: Promise<PythonInterpreter | undefined> | undefined;

/** The machine's `python3`, whose boto3 serves interpreters that have none. */
export function defaultPythonInterpreter(): Promise<PythonInterpreter | undefined> {
  defaultPython ??= probe('python3');
  return defaultPython;
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
  const order = [...new Set([wanted, ...KNOWN_MINORS])].filter((m) => m >= 9).sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted) || b - a);
  for (const minor of order) {
    const interpreter = await findVersion(minor);
    if (interpreter) return interpreter;
  }
  return defaultPythonInterpreter();
}
