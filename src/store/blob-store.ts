import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

/**
 * Bodies on disk (object data, code packages), separate from the metadata in SQLite.
 * Writes go to a temporary file and are renamed into place, so a crash never leaves half a blob
 * under a committed name.
 */
export class BlobStore {
  constructor(private readonly root: string) {
    fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  }

  pathOf(id: string): string {
    return path.join(this.root, id.slice(0, 2), id);
  }

  /** Streams `source` into a new blob; returns its id and size. */
  async write(source: Readable | Buffer, id: string = randomUUID()): Promise<{ id: string; size: number }> {
    const tmp = path.join(this.root, '.tmp', `${id}.${process.pid}.${randomUUID()}`);
    if (Buffer.isBuffer(source)) {
      await fsp.writeFile(tmp, source);
    } else {
      await pipeline(source, fs.createWriteStream(tmp));
    }
    const final = this.pathOf(id);
    await fsp.mkdir(path.dirname(final), { recursive: true });
    await fsp.rename(tmp, final);
    const { size } = await fsp.stat(final);
    return { id, size };
  }

  read(id: string, range?: { start: number; end: number }): Readable {
    return fs.createReadStream(this.pathOf(id), range);
  }

  /**
   * Like `read`, but the file is opened now, synchronously: called in the same tick as the lookup
   * of the row naming the blob, the read sees that blob even if the row is replaced and the blob
   * deleted a moment later (an open file outlives its unlinking). Throws if the blob is gone.
   */
  openRead(id: string, range?: { start: number; end: number }): Readable {
    const fd = fs.openSync(this.pathOf(id), 'r');
    return fs.createReadStream('', { fd, autoClose: true, ...range });
  }

  async readAll(id: string): Promise<Buffer> {
    return fsp.readFile(this.pathOf(id));
  }

  async delete(id: string): Promise<void> {
    await fsp.rm(this.pathOf(id), { force: true });
  }
}
