import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { XmlElement } from '../../protocols/rest-xml.js';
import type { HttpExchange, RequestContext } from '../../server/request-context.js';
import type { BlobStore } from '../../store/blob-store.js';
import type { ServiceDeps } from '../deps.js';
import type { ObjectFiles } from './object-files.js';
import type { Notifier } from './notifications/notifier.js';
import type { RestoreScheduler } from './restore.js';
import type { S3Store } from './store.js';

/** One S3 request, after addressing (path or virtual host) has been resolved. */
export interface S3Request {
  exchange: HttpExchange;
  ctx: RequestContext;
  method: string;
  bucket?: string;
  key?: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** S3-style request id (16 upper-case hex) and extended id, echoed in headers, errors and events. */
  requestId: string;
  hostId: string;
  /** CORS response headers when a browser's `Origin` is allowed by the bucket's rules. */
  cors?: Record<string, string>;
}

export interface S3Response {
  status?: number;
  headers?: Record<string, string | number>;
  /** An XML document: root element name and its children. */
  xml?: { root: string; content: XmlElement | string };
  /** A raw body; `bodyLength` is its Content-Length when it streams. */
  body?: Buffer | Readable;
  bodyLength?: number;
}

/** What every operation works with. */
export interface S3Context {
  deps: ServiceDeps;
  store: S3Store;
  blobs: BlobStore;
  files: ObjectFiles;
  notifier: Notifier;
  restores: RestoreScheduler;
}

export interface S3Operation {
  name: string;
  run(req: S3Request, s3: S3Context): Promise<S3Response>;
}

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
