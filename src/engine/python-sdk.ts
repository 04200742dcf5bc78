import { createHash } from 'node:crypto';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultPythonInterpreter, type PythonInterpreter } from './python-interpreter.js';

/**
 * Lambda's Python runtimes bundle boto3 and its dependencies, and nothing else. Functions here run
 * with `-S` (no site-packages of the machine), so they see this bundle: a directory of links to
 * the machine's copies of exactly those packages.
 */
const BUNDLED = ['boto3', 'botocore', 's3transfer', 'jmespath', 'dateutil', 'urllib3', 'six.py'];
const BUNDLED_DISTRIBUTIONS = ['boto3', 'botocore', 's3transfer', 'jmespath', 'python_dateutil', 'urllib3', 'six'];

const linked = new Map<string, Promise<string | undefined>>();

async function linkBundle(siteDir: string): Promise<string | undefined> {
  const dir = path.join(os.tmpdir(), `tributary-python-sdk-${createHash('sha256').update(siteDir).digest('hex').slice(0, 16)}`);
  try {
    await mkdir(dir, { recursive: true });
    const entries = await readdir(siteDir);
    const wanted = entries.filter(
      (name) => BUNDLED.includes(name) || BUNDLED_DISTRIBUTIONS.some((d) => name.startsWith(`${d}-`) && name.endsWith('.dist-info')),
    );
    for (const name of wanted) {
      try {
        await symlink(path.join(siteDir, name), path.join(dir, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return dir;
  } catch {
    return undefined;
  }
}

/** The bundle directory for this interpreter: its own boto3, else the default python3's. */
export async function pythonSdkDir(interpreter: PythonInterpreter): Promise<string | undefined> {
  const siteDir = interpreter.boto3Site ?? (await defaultPythonInterpreter())?.boto3Site;
  if (!siteDir) return undefined;
  let pending = linked.get(siteDir);
  if (!pending) {
    pending = linkBundle(siteDir);
    linked.set(siteDir, pending);
  }
  return pending;
}
