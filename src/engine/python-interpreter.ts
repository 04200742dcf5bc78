import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Finds a real Python interpreter for a `python3.X` runtime: the exact minor version when it is
 * installed, else the closest installed python3 >= 3.9. Shims (pyenv) are resolved to the binary
 * behind them once, so a cold start does not pay for the shim.
 */
const resolved = new Map<string, Promise<string | undefined>>();

const KNOWN_MINORS = [9, 10, 11, 12, 13, 14];

function probe(command: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, ['-c', 'import sys; print(sys.executable)'], { timeout: 10_000 }, (error, stdout) => {
      const executable = stdout?.toString().trim();
      resolve(!error && executable ? executable : undefined);
    });
  });
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

async function findExact(minor: number): Promise<string | undefined> {
  const candidates = [`python3.${minor}`, ...(await pyenvCandidates(minor)), `/usr/local/bin/python3.${minor}`, `/usr/bin/python3.${minor}`];
  for (const candidate of candidates) {
    const executable = await probe(candidate);
    if (executable) return executable;
  }
  return undefined;
}

function findVersion(minor: number): Promise<string | undefined> {
  const key = `3.${minor}`;
  let pending = resolved.get(key);
  if (!pending) {
    pending = findExact(minor);
    resolved.set(key, pending);
  }
  return pending;
}

/** `python3.12` → an absolute interpreter path; undefined when no python3 >= 3.9 exists. */
export async function resolvePythonInterpreter(runtime: string): Promise<string | undefined> {
  const wanted = Number(/^python3\.(\d+)$/.exec(runtime)?.[1] ?? 12);
  const order = [...new Set([wanted, ...KNOWN_MINORS])]
    .filter((m) => m >= 9)
    .sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted) || b - a);
  for (const minor of order) {
    const executable = await findVersion(minor);
    if (executable) return executable;
  }
  return probe('python3');
}
