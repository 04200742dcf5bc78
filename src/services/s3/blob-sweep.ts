import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../log.js';
import type { S3Store } from './store.js';

/**
 * Removes object files no row refers to: bodies written by a process killed before its commit,
 * and temporary files of interrupted writes. Only files older than `before` (this process's start)
 * are candidates, so a write in flight now is never touched.
 */
export async function sweepOrphanBlobs(root: string, store: S3Store, before: number, logger: Logger): Promise<number> {
  const candidates: { id: string; file: string }[] = [];
  let shards: string[];
  try {
    shards = await fsp.readdir(root);
  } catch {
    return 0;
  }
  for (const shard of shards) {
    const dir = path.join(root, shard);
    const names = await fsp.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(dir, name);
      const stat = await fsp.stat(file).catch(() => undefined);
      if (!stat?.isFile() || stat.mtimeMs >= before) continue;
      // A temporary file never has a row; a body is kept while any row names it.
      candidates.push({ id: shard === '.tmp' ? '' : name, file });
    }
  }
  // One synchronous read of the rows, after the listing: a row committed since names a file
  // that either is newer than `before` or was already listed and is now kept.
  const referenced = store.allBlobIds();
  let removed = 0;
  for (const { id, file } of candidates) {
    if (id !== '' && referenced.has(id)) continue;
    await fsp.rm(file, { force: true });
    removed++;
  }
  if (removed > 0) logger.info(`s3: removed ${removed} object file(s) no object refers to`);
  return removed;
}
