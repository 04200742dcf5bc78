import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../startup-error.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOENT: 'the file system does not allow creating it',
  EEXIST: 'something else is already there',
};

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return REASONS[code] ?? (err instanceof Error ? err.message : String(err));
}

/**
 * Makes sure `dir` is a directory Tributary can write, creating it (and missing parents) if needed,
 * or says plainly why not. Creates one level at a time: `mkdir -p` of a path under a pseudo file
 * system such as /proc gets ENOENT for a parent that exists, and Node's recursive mkdir retries
 * that forever.
 */
export function prepareDataDir(dir: string): void {
  const missing: string[] = [];
  let existing = dir;
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(existing);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new StartupError(`cannot use data dir ${dir}: ${existing}: ${reason(err)}`);
    }
    if (stat) {
      if (!stat.isDirectory()) {
        throw new StartupError(
          existing === dir
            ? `cannot use data dir ${dir}: it is a file, not a directory`
            : `cannot create data dir ${dir}: ${existing} is a file, not a directory`,
        );
      }
      break;
    }
    const parent = path.dirname(existing);
    if (parent === existing) break;
    missing.unshift(existing);
    existing = parent;
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(level).isDirectory()) continue;
      throw new StartupError(`cannot create data dir ${dir}: ${reason(err)}`);
    }
  }
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    throw new StartupError(`cannot use data dir ${dir}: it is not writable (${reason(err)})`);
  }
}
