import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type AdmZip from 'adm-zip';
import { lazyRequire } from '../../lazy-require.js';
import { AwsError } from '../../protocols/aws-error.js';
import { BlobStore } from '../../store/blob-store.js';
import type { Store } from '../../store/database.js';
import type { Ports } from '../../contracts.js';
import type { Scope } from './arns.js';
import { invalidParameter } from './errors.js';
import type { StoredCode } from './model.js';
import { makeFilesReadOnly } from './read-only-tree.js';

const MAX_ZIPPED = 52_428_800;

const zipLibrary = lazyRequire<typeof AdmZip>('adm-zip');
const openZip = (source: Buffer | string): AdmZip => new (zipLibrary())(source);

const MAX_UNZIPPED = 262_144_000;

/** Development mode: `Code: {S3Bucket: "hot-reload", S3Key: "/absolute/dir"}` runs code in place. */
export const HOT_RELOAD_BUCKET = 'hot-reload';

export interface CodeInput {
  ZipFile?: string;
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
}

/**
 * Deployment packages: zips are kept as blobs (named by their SHA-256) and unpacked once per hash
 * into `<data>/lambda/code/<sha>`, which every version with that code shares.
 */
export class CodeStore {
  private readonly blobs: BlobStore;

  constructor(
    private readonly store: Store,
    private readonly ports: Ports,
  ) {
    this.blobs = new BlobStore(store.dir('lambda', 'packages'));
    // Node.js takes a file's module type from the nearest package.json above it. In Lambda nothing
    // sits above /var/task, so a `.js` file without its own package.json is CommonJS; this marker
    // keeps a package.json of the project around the data directory (`"type": "module"`) out.
    const marker = path.join(store.dir('lambda', 'code'), 'package.json');
    if (!fs.existsSync(marker)) fs.writeFileSync(marker, '{}\n');
  }

  /** Stores and unpacks the code of a CreateFunction or UpdateFunctionCode request. */
  async accept(input: CodeInput, scope: Scope): Promise<StoredCode> {
    if (input.ZipFile !== undefined && input.ZipFile !== null) {
      if (typeof input.ZipFile !== 'string') throw blobTypeError(input.ZipFile);
      return this.acceptZip(Buffer.from(input.ZipFile, 'base64'));
    }
    if (input.S3Bucket !== undefined && input.S3Key !== undefined) {
      if (input.S3Bucket === HOT_RELOAD_BUCKET) return this.hotReload(input.S3Key);
      // From S3 only the unzipped limit applies: AWS takes packages over 50 MB that way.
      return this.acceptZip(await this.fromS3(input.S3Bucket, input.S3Key, scope), { fromS3: true });
    }
    if (input.ImageUri !== undefined) throw invalidParameter('Tributary runs Zip packages only; container images are not supported.');
    throw invalidParameter('Please provide a source for function code.');
  }

  async acceptZip(zip: Buffer, options: { fromS3?: boolean } = {}): Promise<StoredCode> {
    if (!options.fromS3 && zip.length > MAX_ZIPPED)
      throw new AwsError('RequestEntityTooLargeException', `Zipped size must be smaller than ${MAX_ZIPPED} bytes`, 413);
    let archive: AdmZip;
    let unzipped = 0;
    try {
      archive = openZip(zip);
      for (const entry of archive.getEntries()) unzipped += entry.header.size;
    } catch {
      throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
    if (unzipped > MAX_UNZIPPED) throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED} bytes`);
    const hash = createHash('sha256').update(zip);
    const hex = hash.copy().digest('hex');
    if (!fs.existsSync(this.blobs.pathOf(hex))) await this.blobs.write(zip, hex);
    this.unpack(hex, archive);
    return { sha256: hash.digest('base64'), size: zip.length, blobId: hex };
  }

  private hotReload(dir: string): StoredCode {
    if (!path.isAbsolute(dir)) {
      throw invalidParameter(`The hot-reload S3Key must be an absolute path to a directory, got: ${dir}`);
    }
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw invalidParameter(`The hot-reload directory does not exist: ${dir}`);
    }
    return { sha256: createHash('sha256').update(dir).digest('base64'), size: 0, hotReloadDir: dir };
  }

  private async fromS3(bucket: string, key: string, scope: Scope): Promise<Buffer> {
    const s3 = this.ports.s3;
    const s3Error = (code: string, message: string) => invalidParameter(`Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${message}`);
    if (!s3?.getObjectBody) throw s3Error('NoSuchBucket', 'The specified bucket does not exist');
    if (!s3.bucketExists(scope.accountId, bucket)) throw s3Error('NoSuchBucket', 'The specified bucket does not exist');
    const body = await s3.getObjectBody(bucket, key);
    if (!body) throw s3Error('NoSuchKey', 'The specified key does not exist.');
    return body;
  }

  /** The directory the function runs from (its `/var/task`); unpacks again if it went missing. */
  codeDir(code: StoredCode): string {
    if (code.hotReloadDir) return code.hotReloadDir;
    const dir = this.unpackedDir(code.blobId!);
    if (!fs.existsSync(dir)) this.unpack(code.blobId!, openZip(this.blobs.pathOf(code.blobId!)));
    return dir;
  }

  /** The zip of a version, for `Code.Location`. */
  zipPath(blobId: string): string | undefined {
    const p = this.blobs.pathOf(blobId);
    return fs.existsSync(p) ? p : undefined;
  }

  /**
   * Removes packages (zip and unpacked directory) that nothing references any more: code replaced
   * by updates, deleted functions and layers. Run at start-up, when no instance runs from them.
   */
  sweep(referenced: ReadonlySet<string>): number {
    let removed = 0;
    const codeRoot = this.store.dir('lambda', 'code');
    for (const entry of fs.readdirSync(codeRoot)) {
      const hex = entry.slice(0, 64);
      if (!/^[0-9a-f]{64}/.test(entry) || (referenced.has(hex) && entry.length === 64)) continue;
      fs.rmSync(path.join(codeRoot, entry), { recursive: true, force: true });
      removed++;
    }
    const packagesRoot = this.store.dir('lambda', 'packages');
    for (const shard of fs.readdirSync(packagesRoot)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const blob of fs.readdirSync(path.join(packagesRoot, shard))) {
        if (/^[0-9a-f]{64}$/.test(blob) && !referenced.has(blob)) {
          fs.rmSync(path.join(packagesRoot, shard, blob), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  private unpackedDir(hex: string): string {
    return path.join(this.store.dir('lambda', 'code'), hex);
  }

  /** Unpacks into a temporary directory and renames it into place, so a directory is whole or absent. */
  private unpack(hex: string, archive: AdmZip): void {
    const dir = this.unpackedDir(hex);
    if (fs.existsSync(dir)) return;
    const tmp = `${dir}.${process.pid}.${randomUUID()}.tmp`;
    try {
      archive.extractAllTo(tmp, true, true);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
    makeFilesReadOnly(tmp);
    try {
      fs.renameSync(tmp, dir);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!fs.existsSync(dir)) throw err;
    }
  }
}

/** What AWS's JSON deserializer answers for a non-string where a blob (base64 string) belongs. */
function blobTypeError(value: unknown): AwsError {
  let message: string;
  if (Array.isArray(value)) message = 'Start of list found where not expected';
  else if (value !== null && typeof value === 'object') message = 'Start of structure or map found where not expected.';
  else {
    const type = typeof value === 'boolean' ? 'java.lang.Boolean' : 'com.amazon.coral.value.json.numbers.TruncatingBigNumber';
    message = `class ${type} can not be converted to a Blob`;
  }
  return new AwsError('SerializationException', message, 400);
}
