import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { BlobStore } from '../../store/blob-store.js';
import { AwsChunkedDecoder, isAwsChunked } from './aws-chunked.js';
import { checksumHeader, createChecksum, requestedChecksum, type ChecksumAlgorithm, type RunningChecksum } from './checksums.js';
import { S3Errors } from './errors.js';

export interface ReceivedBody {
  blobId: string;
  size: number;
  md5: Buffer;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

/** MD5 (for the ETag) and the requested flexible checksum, computed as the bytes pass. */
class Digesting extends Transform {
  readonly md5 = createHash('md5');
  size = 0;
  constructor(readonly checksum: RunningChecksum | undefined) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, callback: TransformCallback): void {
    this.md5.update(chunk);
    this.checksum?.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }
}

/**
 * Streams a request body to a new blob (never holding it in memory), decoding `aws-chunked`,
 * then checks Content-Length, Content-MD5 and the flexible checksum as S3 does.
 */
export async function receiveBody(req: IncomingMessage, blobs: BlobStore, maxSize = 5 * 1024 ** 3): Promise<ReceivedBody> {
  const headers = req.headers;
  const chunked = isAwsChunked(headers);
  const declared = Number(chunked ? headers['x-amz-decoded-content-length'] : headers['content-length']);
  if (Number.isFinite(declared) && declared > maxSize) {
    req.resume();
    throw S3Errors.entityTooLarge(declared, maxSize);
  }
  const contentMd5 = headers['content-md5'];
  if (typeof contentMd5 === 'string' && Buffer.from(contentMd5, 'base64').length !== 16) {
    req.resume();
    throw S3Errors.invalidDigest(contentMd5);
  }
  const requested = requestedChecksum(headers);
  const digesting = new Digesting(requested ? createChecksum(requested.algorithm) : undefined);
  const decoder = chunked ? new AwsChunkedDecoder() : undefined;
  let source: Readable = req;
  if (decoder) source = source.pipe(decoder);
  // Errors of the request stream reach the write through the PassThrough.
  const guarded = new PassThrough();
  req.on('error', (err) => guarded.destroy(err));
  decoder?.on('error', (err) => guarded.destroy(err));
  source.pipe(digesting).pipe(guarded);
  const { id, size } = await blobs.write(guarded);
  try {
    if (Number.isFinite(declared) && size < declared) throw S3Errors.incompleteBody();
    const md5 = digesting.md5.digest();
    if (typeof contentMd5 === 'string' && !md5.equals(Buffer.from(contentMd5, 'base64'))) {
      throw S3Errors.badDigest(contentMd5, md5.toString('base64'));
    }
    let checksum: ReceivedBody['checksum'];
    if (requested) {
      const given = requested.inTrailer ? decoder?.trailers[checksumHeader(requested.algorithm)] : requested.value;
      const computed = digesting.checksum?.digest();
      if (given !== undefined && computed !== undefined && given !== computed) throw S3Errors.checksumMismatch(requested.algorithm);
      const value = computed ?? given;
      if (value !== undefined) checksum = { algorithm: requested.algorithm, value };
    }
    return { blobId: id, size, md5, checksum };
  } catch (err) {
    await blobs.delete(id);
    throw err;
  }
}

/** Streams any readable (a form upload's file part) to a new blob, with its MD5. */
export async function receiveStream(source: Readable, blobs: BlobStore): Promise<ReceivedBody> {
  const digesting = new Digesting(undefined);
  const guarded = new PassThrough();
  source.on('error', (err) => guarded.destroy(err));
  source.pipe(digesting).pipe(guarded);
  const { id, size } = await blobs.write(guarded);
  return { blobId: id, size, md5: digesting.md5.digest() };
}
