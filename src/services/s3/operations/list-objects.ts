import type { XmlElement } from '../../../protocols/rest-xml.js';
import { S3Errors } from '../errors.js';
import { listPage, urlEncodeKey, type ListingPage } from '../listing.js';
import { isoDate, quotedEtag } from '../object-headers.js';
import { requireBucket } from '../objects.js';
import type { ObjectRow } from '../store.js';
import type { S3Operation, S3Request } from '../types.js';
import { ownerElement } from './buckets.js';

interface ListParams {
  prefix: string;
  delimiter: string;
  maxKeys: number;
  encode: (s: string) => string;
  encodingType?: string;
}

function listParams(req: S3Request): ListParams {
  const rawMax = req.query.get('max-keys');
  const maxKeys = rawMax === null ? 1000 : Number(rawMax);
  if (!/^\d+$/.test(rawMax ?? '0') || !Number.isSafeInteger(maxKeys)) {
    throw S3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', rawMax ?? '');
  }
  const encodingType = req.query.get('encoding-type') ?? undefined;
  if (encodingType !== undefined && encodingType !== 'url') {
    throw S3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  }
  return {
    prefix: req.query.get('prefix') ?? '',
    delimiter: req.query.get('delimiter') ?? '',
    maxKeys: Math.min(maxKeys, 1000),
    encode: encodingType ? urlEncodeKey : (s) => s,
    encodingType,
  };
}

function contentsElement(row: ObjectRow, p: ListParams, owner?: XmlElement): XmlElement {
  return {
    Key: p.encode(row.key),
    LastModified: isoDate(row.last_modified),
    ETag: quotedEtag(row.etag),
    Size: row.size,
    Owner: owner,
    StorageClass: row.storage_class,
  };
}

/** What ListObjects and ListObjectsV2 both end their result with, in this order. */
function pageElements(page: ListingPage, p: ListParams, owner?: XmlElement): XmlElement {
  return {
    MaxKeys: p.maxKeys,
    Delimiter: p.delimiter !== '' ? p.encode(p.delimiter) : undefined,
    IsTruncated: page.isTruncated,
    Contents: page.contents.map((row) => contentsElement(row, p, owner)),
    CommonPrefixes: page.commonPrefixes.map((cp) => ({ Prefix: p.encode(cp) })),
    EncodingType: p.encodingType,
  };
}

export const listObjects: S3Operation = {
  name: 'ListObjects',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const p = listParams(req);
    const marker = req.query.get('marker') ?? '';
    const page = listPage(s3.store, bucket.name, { prefix: p.prefix, delimiter: p.delimiter, after: marker, maxKeys: p.maxKeys });
    const owner = ownerElement(bucket.account_id);
    return {
      xml: {
        root: 'ListBucketResult',
        content: {
          Name: bucket.name,
          Prefix: p.encode(p.prefix),
          Marker: p.encode(marker),
          NextMarker: page.isTruncated && p.delimiter !== '' && page.last !== undefined ? p.encode(page.last) : undefined,
          ...pageElements(page, p, owner),
        },
      },
    };
  },
};

export const listObjectsV2: S3Operation = {
  name: 'ListObjectsV2',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const p = listParams(req);
    const token = req.query.get('continuation-token');
    const startAfter = req.query.get('start-after') ?? '';
    let after = startAfter;
    if (token !== null) {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      if (token === '' || !decoded.startsWith('t1:')) {
        throw S3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
      }
      after = decoded.slice(3);
    }
    const page = listPage(s3.store, bucket.name, { prefix: p.prefix, delimiter: p.delimiter, after, maxKeys: p.maxKeys });
    const owner = req.query.get('fetch-owner') === 'true' ? ownerElement(bucket.account_id) : undefined;
    return {
      xml: {
        root: 'ListBucketResult',
        content: {
          Name: bucket.name,
          Prefix: p.encode(p.prefix),
          ContinuationToken: token ?? undefined,
          NextContinuationToken: page.isTruncated && page.last !== undefined ? Buffer.from(`t1:${page.last}`).toString('base64') : undefined,
          StartAfter: req.query.has('start-after') ? p.encode(startAfter) : undefined,
          KeyCount: page.contents.length + page.commonPrefixes.length,
          ...pageElements(page, p, owner),
        },
      },
    };
  },
};

export const listObjectVersions: S3Operation = {
  name: 'ListObjectVersions',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const p = listParams(req);
    const keyMarker = req.query.get('key-marker') ?? '';
    const versionIdMarker = req.query.get('version-id-marker') ?? '';
    let beforeSeq = 0;
    if (keyMarker !== '' && versionIdMarker !== '') {
      beforeSeq = s3.store.version(bucket.name, keyMarker, versionIdMarker)?.seq ?? 0;
    }
    const owner = ownerElement(bucket.account_id);
    const versions: XmlElement[] = [];
    const markers: XmlElement[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let last: { key: string; versionId?: string } | undefined;
    let afterKey = keyMarker;
    let lastPrefix: string | undefined;
    if (
      p.delimiter !== '' &&
      keyMarker.startsWith(p.prefix) &&
      keyMarker.endsWith(p.delimiter) &&
      keyMarker.indexOf(p.delimiter, p.prefix.length) === keyMarker.length - p.delimiter.length
    ) {
      lastPrefix = keyMarker;
    }
    scan: for (; p.maxKeys > 0; ) {
      const rows = s3.store.listVersions(bucket.name, p.prefix, afterKey, beforeSeq, 1000);
      if (rows.length === 0) break;
      for (const row of rows) {
        afterKey = row.key;
        beforeSeq = row.seq;
        if (lastPrefix !== undefined && row.key.startsWith(lastPrefix)) continue;
        const at = p.delimiter === '' ? -1 : row.key.indexOf(p.delimiter, p.prefix.length);
        if (versions.length + markers.length + prefixes.length >= p.maxKeys) {
          truncated = true;
          break scan;
        }
        if (at >= 0) {
          lastPrefix = row.key.slice(0, at + p.delimiter.length);
          prefixes.push(lastPrefix);
          last = { key: lastPrefix };
          // Skip the rest of the prefix: every key in it sorts before this.
          afterKey = `${lastPrefix}\u{10FFFF}`;
          beforeSeq = 0;
          continue scan;
        }
        last = { key: row.key, versionId: row.version_id };
        const common = { Key: p.encode(row.key), VersionId: row.version_id, IsLatest: row.is_latest === 1, LastModified: isoDate(row.last_modified) };
        if (row.delete_marker) markers.push({ ...common, Owner: owner });
        else versions.push({ ...common, ETag: quotedEtag(row.etag), Size: row.size, StorageClass: row.storage_class, Owner: owner });
      }
    }
    return {
      xml: {
        root: 'ListVersionsResult',
        content: {
          Name: bucket.name,
          Prefix: p.encode(p.prefix),
          KeyMarker: p.encode(keyMarker),
          VersionIdMarker: versionIdMarker,
          NextKeyMarker: truncated && last ? p.encode(last.key) : undefined,
          NextVersionIdMarker: truncated && last ? last.versionId : undefined,
          MaxKeys: p.maxKeys,
          Delimiter: p.delimiter !== '' ? p.encode(p.delimiter) : undefined,
          IsTruncated: truncated,
          Version: versions,
          DeleteMarker: markers,
          CommonPrefixes: prefixes.map((cp) => ({ Prefix: p.encode(cp) })),
          EncodingType: p.encodingType,
        },
      },
    };
  },
};
