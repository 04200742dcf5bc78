import fs from 'node:fs';
import path from 'node:path';

/**
 * Lambda's `/var/task` is read-only: the files of an unpacked package lose their write bits, so
 * a function cannot rewrite its own code (or another function's) for later invocations. Execute
 * bits stay. Directories stay writable for their owner so that `rm -rf` of the data dir still
 * works; a function could still unlink and recreate a file, which only real isolation prevents.
 */
export function makeFilesReadOnly(root: string): void {
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) makeFilesReadOnly(full);
    else if (entry.isFile()) fs.chmodSync(full, fs.statSync(full).mode & 0o555);
  }
}
