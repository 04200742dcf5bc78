import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { S3Port } from '../../contracts.js';
import { AwsError, internalError, isAwsError } from '../../protocols/aws-error.js';
import { renderErrorXml, renderXmlDocument, sendXml } from '../../protocols/rest-xml.js';
import type { HttpExchange, RequestContext } from '../../server/request-context.js';
import { BlobStore } from '../../store/blob-store.js';
import type { ServiceDeps } from '../deps.js';
import type { Service } from '../service.js';
import { resolveAddress } from './addressing.js';
import { corsHeaders, preflight } from './cors.js';
import { S3HeaderError } from './errors.js';
import { md5Hex, newHostId, s3RequestId } from './ids.js';
import { Notifier } from './notifications/notifier.js';
import { commitVersion } from './objects.js';
import { resolveOperation } from './operations/index.js';
import { ObjectFiles } from './object-files.js';
import { sweepOrphanBlobs } from './blob-sweep.js';
import { checkPresignedExpiry } from './presigned.js';
import { RestoreScheduler } from './restore.js';
import { S3Store } from './store.js';
import type { S3Context, S3Request, S3Response } from './types.js';
import { S3_XMLNS } from './types.js';
import { S3Errors } from './errors.js';

/** Query parameters of presigned URLs and SDK hints; they never select a subresource. */
const AUTH_PARAMS = /^(X-Amz-|x-id$)/;

export function createS3Service(deps: ServiceDeps): Service & S3Port {
  const store = new S3Store(deps.store);
  const objectsRoot = deps.store.dir('s3', 'objects');
  const blobs = new BlobStore(objectsRoot);
  // Files older than this cannot belong to a write of this process.
  const createdAt = Date.now();
  const notifier = new Notifier(deps);
  const restores = new RestoreScheduler(deps, store, notifier);
  const s3: S3Context = { deps, store, blobs, files: new ObjectFiles(blobs), notifier, restores };

  async function handle(exchange: HttpExchange, ctx: RequestContext): Promise<void> {
    const { req } = exchange;
    const method = req.method ?? 'GET';
    // Clients see S3's own request id shape; observations of this request carry the same one.
    ctx.requestId = s3RequestId(ctx.requestId);
    const s3Request: S3Request = {
      exchange,
      ctx,
      method,
      query: subresourceQuery(exchange.url),
      headers: req.headers,
      requestId: ctx.requestId,
      hostId: newHostId(),
      ...resolveAddress(req.headers.host, req.url ?? '/'),
    };
    try {
      s3Request.cors = corsHeaders(store, s3Request.bucket, method, req.headers);
      if (method === 'OPTIONS') {
        ctx.operation = 'PreflightRequest';
        writeResponse(s3Request, { headers: preflight(store, s3Request.bucket, req.headers) });
        return;
      }
      checkPresignedExpiry(exchange.url.searchParams, deps.clock.now());
      const operation = resolveOperation(method, s3Request.bucket, s3Request.key, s3Request.query, req.headers);
      ctx.operation = operation.name;
      // Only bucket operations can be opened to anyone (by the bucket's policy).
      if (ctx.anonymous && (s3Request.bucket === undefined || operation.name === 'CreateBucket')) throw S3Errors.accessDenied();
      const response = await operation.run(s3Request, s3);
      writeResponse(s3Request, response);
    } catch (err) {
      const error = isAwsError(err) ? err : internalError(err);
      if (!isAwsError(err)) deps.logger.error(`s3 ${method} ${req.url}: ${err instanceof Error ? err.stack : String(err)}`);
      writeError(
        s3Request,
        error.code === 'ServiceException' ? new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500) : error,
      );
    }
  }

  return {
    name: 's3',
    signingNames: ['s3'],
    acceptsCrossOrigin(exchange) {
      const { req } = exchange;
      const { bucket } = resolveAddress(req.headers.host, req.url ?? '/');
      return Object.keys(corsHeaders(store, bucket, req.method ?? 'GET', req.headers)).length > 0;
    },
    handle,
    start() {
      void sweepOrphanBlobs(objectsRoot, store, createdAt, deps.logger).catch((err) => {
        deps.logger.warn(`s3: could not sweep orphan object files: ${err instanceof Error ? err.message : err}`);
      });
      return restores.start();
    },
    stop: () => restores.stop(),
    health: () => ({ status: 'running' }),

    bucketExists(accountId: string, bucket: string): boolean {
      const row = store.bucket(bucket);
      return row !== undefined && row.account_id === accountId;
    },

    async getObjectBody(bucketName: string, key: string): Promise<Buffer | undefined> {
      const row = store.latest(bucketName, key);
      if (!row || row.delete_marker) return undefined;
      return row.blob_id ? blobs.readAll(row.blob_id) : Buffer.alloc(0);
    },

    async putObject(bucketName: string, key: string, body: Buffer, contentType?: string): Promise<void> {
      const bucket = store.bucket(bucketName);
      if (!bucket) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucketName });
      const blob = await blobs.write(body);
      const etag = md5Hex(body);
      const row = commitVersion(s3, bucket, {
        key,
        blobId: blob.id,
        size: blob.size,
        etag,
        storageClass: 'STANDARD',
        attrs: contentType ? { contentType } : {},
      });
      notifier.emit(
        bucket,
        { name: 'ObjectCreated:Put', key, size: blob.size, eTag: etag, versionId: row.version_id },
        { requestId: s3RequestId(randomUUID()), hostId: newHostId(), sourceIp: '127.0.0.1', principalId: 'AWS:lambda.amazonaws.com' },
      );
    },
  };
}

function subresourceQuery(url: URL): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of url.searchParams) if (!AUTH_PARAMS.test(name)) query.append(name, value);
  return query;
}

function baseHeaders(req: S3Request): Record<string, string> {
  return { 'x-amz-request-id': req.requestId, 'x-amz-id-2': req.hostId, Server: 'AmazonS3', ...req.cors };
}

function writeResponse(req: S3Request, out: S3Response): void {
  const { res } = req.exchange;
  const status = out.status ?? 200;
  const headers = { ...baseHeaders(req), ...out.headers };
  if (out.xml) {
    sendXml(res, status, headers, renderXmlDocument(out.xml.root, out.xml.content, S3_XMLNS));
    return;
  }
  if (out.body === undefined || Buffer.isBuffer(out.body)) {
    const body = out.body ?? Buffer.alloc(0);
    if (!('Content-Length' in headers)) headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const stream: Readable = out.body;
  res.writeHead(status, { ...headers, 'Content-Length': out.bodyLength ?? 0 });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

function writeError(req: S3Request, err: AwsError): void {
  const { res } = req.exchange;
  req.ctx.errorCode = err.code;
  req.exchange.req.resume();
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers = { ...baseHeaders(req), ...(err instanceof S3HeaderError ? err.headers : {}) };
  if (req.method === 'HEAD') {
    // HEAD responses carry no body; the SDKs map the status (404 → NotFound).
    res.writeHead(err.status, { ...headers, 'Content-Type': 'application/xml' });
    res.end();
    return;
  }
  sendXml(res, err.status, headers, renderErrorXml(err, { requestId: req.requestId, hostId: req.hostId }));
}
