import { createHash } from 'node:crypto';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Lambda's Node.js runtimes bundle the AWS SDK v3 (with its own dependencies) and nothing else.
 * Functions find exactly that here: a `node_modules` directory linking to the SDK packages of
 * Tributary's own node_modules. Links resolve to their real place, so each package still finds
 * its dependencies there; other packages Tributary happens to use stay invisible, as on AWS.
 */
const BUNDLED_SCOPES = ['@aws-sdk', '@smithy', '@aws-crypto', '@aws'];
const BUNDLED_PACKAGES = ['tslib'];

const linked = new Map<string, Promise<string | undefined>>();

async function linkBundle(nodeModules: string): Promise<string | undefined> {
  const id = createHash('sha256').update(nodeModules).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `tributary-node-sdk-${id}`, 'node_modules');
  try {
    const present = new Set(await readdir(nodeModules));
    const wanted = [...BUNDLED_SCOPES, ...BUNDLED_PACKAGES].filter((name) => present.has(name));
    if (!wanted.includes('@aws-sdk')) return undefined;
    await mkdir(dir, { recursive: true });
    for (const name of wanted) {
      try {
        await symlink(path.join(nodeModules, name), path.join(dir, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return dir;
  } catch {
    return undefined;
  }
}

/** The first of `candidates` (node_modules directories) holding the SDK, as a bundle directory. */
export async function nodeSdkDir(candidates: readonly string[]): Promise<string | undefined> {
  const key = candidates.join(path.delimiter);
  let pending = linked.get(key);
  if (!pending) {
    pending = (async () => {
      for (const candidate of candidates) {
        const dir = await linkBundle(candidate);
        if (dir) return dir;
      }
      return undefined;
    })();
    linked.set(key, pending);
  }
  return pending;
}
