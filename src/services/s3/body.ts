import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { AwsChunkedDecoder, isAwsChunked } from './aws-chunked.js';
import { checksumHeader, createChecksum, parseAlgorithm, requestedChecksum, type ChecksumAlgorithm, type RunningChecksum } from './checksums.js';
import { S3Errors } from './errors.js';
import type { ObjectFiles } from './object-files.js';

export interface ReceivedBody {
  blobId: string;
  size: number;
  md5: Buffer;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

/** MD5 (for the ETag) and the requested flexible checksum, computed as the bytes pass. */
class Digests {
  readonly md5 = createHash('md5');
  size = 0;
  constructor(readonly checksum: RunningChecksum | undefined) {}
  update(chunk: Buffer): void {
    this.md5.update(chunk);
    this.checksum?.update(chunk);
    this.size += chunk.length;
  }
}

class Digesting extends Transform {
  constructor(readonly digests: Digests) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, callback: TransformCallback): void {
    this.digests.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Streams a request body to a new blob (never holding it in memory), decoding `aws-chunked`,
 * then checks Content-Length, Content-MD5 and the flexible checksum as S3 does.
 */
export async function receiveBody(req: IncomingMessage, files: ObjectFiles, maxSize = 5 * 1024 ** 3): Promise<ReceivedBody> {
  const headers = req.headers;
  const chunked = isAwsChunked(headers);
  const declared = Number(chunked ? headers['x-amz-decoded-content-length'] : headers['content-length']);
  if (!Number.isFinite(declared)) {
    req.resume();
    // A plain `Transfer-Encoding: chunked` upload (a stream of unknown length) is not something S3 accepts.
    if (!chunked && headers['transfer-encoding'] !== undefined) throw S3Errors.notImplemented('Transfer-Encoding');
    throw S3Errors.missingContentLength();
  }
  if (declared > maxSize) {
    req.resume();
    throw S3Errors.entityTooLarge(declared, maxSize);
  }
  const contentMd5 = headers['content-md5'];
  if (typeof contentMd5 === 'string' && Buffer.from(contentMd5, 'base64').length !== 16) {
    req.resume();
    throw S3Errors.invalidDigest(contentMd5);
  }
  const named = headers['x-amz-sdk-checksum-algorithm'];
  if (typeof named === 'string' && !parseAlgorithm(named)) {
    req.resume();
    throw S3Errors.invalidRequest('Value for x-amz-sdk-checksum-algorithm header is invalid.');
  }
  const requested = requestedChecksum(headers);
  const digests = new Digests(requested ? createChecksum(requested.algorithm) : undefined);
  const decoder = chunked ? new AwsChunkedDecoder() : undefined;
  let id: string;
  if (!decoder && declared <= SMALL_BODY) {
    // Small bodies are read whole and written in one call: most PutObjects are small.
    const data = await readAll(req);
    digests.update(data);
    id = files.writeSmall(data);
  } else {
    let source: Readable = req;
    if (decoder) source = source.pipe(decoder);
    const guarded = guardedOutput();
    const fail = (err: Error) => {
      // Stop reading but keep the socket: the error is answered on it.
      req.unpipe();
      req.resume();
      guarded.destroy(err);
    };
    req.on('error', fail);
    decoder?.on('error', fail);
    source.pipe(new Digesting(digests)).pipe(guarded);
    id = await files.writeStream(guarded);
  }
  const size = digests.size;
  const blobs = files.blobs;
  try {
    if (size < declared) throw S3Errors.incompleteBody();
    const md5 = digests.md5.digest();
    if (typeof contentMd5 === 'string' && !md5.equals(Buffer.from(contentMd5, 'base64'))) {
      throw S3Errors.badDigest(contentMd5, md5.toString('base64'));
    }
    let checksum: ReceivedBody['checksum'];
    if (requested) {
      const given = requested.inTrailer ? decoder?.trailers[checksumHeader(requested.algorithm)] : requested.value;
      const computed = digests.checksum?.digest();
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

/** Streams any readable (a form upload's file part, a copied object) to a new blob, with its MD5 and optionally a checksum. */
export async function receiveStream(source: Readable, files: ObjectFiles, algorithm?: ChecksumAlgorithm): Promise<ReceivedBody> {
  const digests = new Digests(algorithm ? createChecksum(algorithm) : undefined);
  const guarded = guardedOutput();
  source.on('error', (err) => guarded.destroy(err));
  source.pipe(new Digesting(digests)).pipe(guarded);
  const id = await files.writeStream(guarded);
  const value = digests.checksum?.digest();
  return { blobId: id, size: digests.size, md5: digests.md5.digest(), ...(algorithm && value ? { checksum: { algorithm, value } } : {}) };
}

const SMALL_BODY = 256 * 1024;

/**
 * The stream a blob is written from. It may fail before the write has attached its own handlers
 * (the blob's file is opened asynchronously); the write still sees the error, since a pipeline over
 * an already errored stream rejects with it, and the early 'error' event must not go unheard.
 */
function guardedOutput(): PassThrough {
  const out = new PassThrough();
  out.on('error', () => {});
  return out;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    let ended = false;
    req.on('end', () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!ended) reject(S3Errors.incompleteBody());
    });
  });
}
