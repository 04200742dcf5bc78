import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Caches whose contents become function code (the SDK bundles) live where only this user can
 * write: `$XDG_CACHE_HOME/tributary` or `~/.cache/tributary`, each directory owned by this user and
 * mode 0700. A predictable shared temp path would let another local user plant code first.
 */
export function userCacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tributary');
}

let fallbackRoot: Promise<string> | undefined;

/** A fresh directory only this process knows (mkdtemp: random name, mode 0700), when no cache dir can be had. */
function privateTempRoot(): Promise<string> {
  fallbackRoot ??= mkdtemp(path.join(os.tmpdir(), 'tributary-cache-'));
  return fallbackRoot;
}

/** Creates `dir` (and its parents) 0700 and checks it is ours: a real directory, not a link, closed to others. */
async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await lstat(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory`);
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) throw new Error(`${dir} belongs to another user`);
  if ((stat.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/**
 * `<root>/<name>`, private: the user cache root unless it cannot be made private (then a
 * per-process temp directory). The root itself is checked too, since whoever can write it can
 * swap the directory below.
 */
export async function privateCacheDir(name: string, root = userCacheRoot()): Promise<string> {
  try {
    await ensurePrivateDir(root);
    const dir = path.join(root, name);
    await ensurePrivateDir(dir);
    return dir;
  } catch {
    const dir = path.join(await privateTempRoot(), name);
    await ensurePrivateDir(dir);
    return dir;
  }
}

/** The links a bundle directory must hold: entry name → absolute target. */
export type LinkManifest = ReadonlyMap<string, string>;

async function holdsExactly(dir: string, manifest: LinkManifest): Promise<boolean> {
  try {
    const entries = await readdir(dir);
    if (entries.length !== manifest.size) return false;
    for (const name of entries) {
      const target = manifest.get(name);
      if (target === undefined) return false;
      const stat = await lstat(path.join(dir, name));
      if (!stat.isSymbolicLink() || (await readlink(path.join(dir, name))) !== target) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * A directory of links exactly as the manifest says, used as is only after checking every entry;
 * anything else found there (an extra file, a link elsewhere) makes it rebuilt from scratch, in
 * a staging directory renamed into place.
 */
export async function verifiedLinkDir(dir: string, manifest: LinkManifest): Promise<string> {
  if (await holdsExactly(dir, manifest)) return dir;
  const staging = `${dir}.${process.pid}-${Date.now()}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { mode: 0o700 });
  for (const [name, target] of manifest) await symlink(target, path.join(staging, name));
  await rm(dir, { recursive: true, force: true });
  try {
    await rename(staging, dir);
  } catch {
    // Another Tributary put its (identical) copy in place first.
    await rm(staging, { recursive: true, force: true });
  }
  if (!(await holdsExactly(dir, manifest))) throw new Error(`${dir} could not be verified`);
  return dir;
}

const MANIFEST_FILE = '.tributary-sha256';

/** SHA-256 over every file below `dir` (relative path, type and content, in sorted order), the manifest file excepted. */
export async function treeHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (relative: string): Promise<void> => {
    const names = (await readdir(path.join(dir, relative))).sort();
    for (const name of names) {
      const rel = path.join(relative, name);
      if (rel === MANIFEST_FILE) continue;
      const full = path.join(dir, rel);
      const stat = await lstat(full);
      if (stat.isDirectory()) {
        hash.update(`d\0${rel}\0`);
        await walk(rel);
      } else if (stat.isSymbolicLink()) {
        hash.update(`l\0${rel}\0${await readlink(full)}\0`);
      } else {
        hash.update(`f\0${rel}\0${stat.size}\0`);
        hash.update(await readFile(full));
      }
    }
  };
  await walk('');
  return hash.digest('hex');
}

/** Records the tree's hash beside it, once its contents are complete. */
export async function sealTree(dir: string): Promise<void> {
  await writeFile(path.join(dir, MANIFEST_FILE), `${await treeHash(dir)}\n`, { mode: 0o600 });
}

/** True when the tree is exactly as sealed: nothing added, removed or changed since. */
export async function isSealedIntact(dir: string): Promise<boolean> {
  try {
    const recorded = (await readFile(path.join(dir, MANIFEST_FILE), 'utf8')).trim();
    return recorded === (await treeHash(dir));
  } catch {
    return false;
  }
}
