import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { privateCacheDir, userCacheRoot, verifiedLinkDir } from './private-cache.js';

/**
 * Lambda's Node.js runtimes bundle the AWS SDK v3 (with its own dependencies) and nothing else.
 * Functions find exactly that here: a `node_modules` directory linking to the SDK packages of
 * Tributary's own node_modules. Links resolve to their real place, so each package still finds
 * its dependencies there; other packages Tributary happens to use stay invisible, as on AWS.
 * The directory lives in the user's private cache and is checked link by link before each use.
 */
const BUNDLED_SCOPES = ['@aws-sdk', '@smithy', '@aws-crypto', '@aws'];
const BUNDLED_PACKAGES = ['tslib'];

const linked = new Map<string, Promise<string | undefined>>();

async function linkBundle(nodeModules: string, cacheRoot: string): Promise<string | undefined> {
  const id = createHash('sha256').update(nodeModules).digest('hex').slice(0, 16);
  try {
    const present = new Set(await readdir(nodeModules));
    const wanted = [...BUNDLED_SCOPES, ...BUNDLED_PACKAGES].filter((name) => present.has(name));
    if (!wanted.includes('@aws-sdk')) return undefined;
    const home = await privateCacheDir(`node-sdk-${id}`, cacheRoot);
    return await verifiedLinkDir(path.join(home, 'node_modules'), new Map(wanted.map((name) => [name, path.join(nodeModules, name)])));
  } catch {
    return undefined;
  }
}

/** The first of `candidates` (node_modules directories) holding the SDK, as a bundle directory. */
export async function nodeSdkDir(candidates: readonly string[], cacheRoot = userCacheRoot()): Promise<string | undefined> {
  const key = [cacheRoot, ...candidates].join(path.delimiter);
  let pending = linked.get(key);
  if (!pending) {
    pending = (async () => {
      for (const candidate of candidates) {
        const dir = await linkBundle(candidate, cacheRoot);
        if (dir) return dir;
      }
      return undefined;
    })();
    linked.set(key, pending);
  }
  return pending;
}
