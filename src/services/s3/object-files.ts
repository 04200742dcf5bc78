import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../../store/blob-store.js';

/**
 * Writes object bodies straight into the blob store's layout (read back with `BlobStore.read`).
 * Every body gets a fresh id and its row is committed only after the file is complete, so a crash
 * mid-write leaves an unreferenced file, never a visible partial object; that makes BlobStore's
 * temporary-file-and-rename unnecessary here, and small PutObjects cheaper.
 */
export class ObjectFiles {
  private readonly knownDirs = new Set<string>();

  constructor(readonly blobs: BlobStore) {}

  private async target(): Promise<{ id: string; file: string }> {
    const id = randomUUID();
    const file = this.blobs.pathOf(id);
    const dir = path.dirname(file);
    if (!this.knownDirs.has(dir)) {
      await fsp.mkdir(dir, { recursive: true });
      this.knownDirs.add(dir);
    }
    return { id, file };
  }

  /**
   * Small bodies are written synchronously, like the SQLite commit that follows: three thread-pool
   * round trips (open, write, close) cost more than the write itself, most of all on a busy machine.
   */
  writeSmall(data: Buffer): string {
    const id = randomUUID();
    const file = this.blobs.pathOf(id);
    const dir = path.dirname(file);
    if (!this.knownDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.knownDirs.add(dir);
    }
    fs.writeFileSync(file, data);
    return id;
  }

  async writeStream(source: Readable): Promise<string> {
    const { id, file } = await this.target();
    try {
      await pipeline(source, fs.createWriteStream(file));
    } catch (err) {
      await fsp.rm(file, { force: true });
      throw err;
    }
    return id;
  }
}
