import { AwsError } from '../../../protocols/aws-error.js';
import { parseXmlDocument, XML_DECLARATION } from '../../../protocols/rest-xml.js';
import { validateCorsDocument } from '../cors.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../objects.js';
import { readSmallBody } from '../request-body.js';
import type { S3Operation, S3Response } from '../types.js';
import { S3_XMLNS } from '../types.js';

/**
 * Bucket configurations Tributary stores and returns but does not act on (tagging, policy, CORS,
 * lifecycle, website, ...). Each has AWS's "does not exist" error, or the default AWS reports.
 */
interface DocumentKind {
  subresource: string;
  /** Operation name stem: Get<stem>, Put<stem>, Delete<stem>. */
  stem: string;
  /** XML documents must parse; the policy is JSON. */
  format: 'xml' | 'json';
  missing: (bucket: string) => AwsError | S3Response;
  /** Checks beyond well-formedness that S3 makes before storing the document. */
  validate?: (text: string) => void;
  /**
   * For documents every bucket starts with (ownership controls): the error once Delete<stem> has
   * removed it. The deletion is stored as an empty document so it is not mistaken for the default.
   */
  deleted?: (bucket: string) => AwsError;
}

const missing = (code: string, message: string) => (bucket: string) => new AwsError(code, message, 404, { BucketName: bucket });

const KINDS: DocumentKind[] = [
  { subresource: 'tagging', stem: 'BucketTagging', format: 'xml', missing: missing('NoSuchTagSet', 'The TagSet does not exist') },
  { subresource: 'policy', stem: 'BucketPolicy', format: 'json', missing: missing('NoSuchBucketPolicy', 'The bucket policy does not exist') },
  {
    subresource: 'cors',
    stem: 'BucketCors',
    format: 'xml',
    missing: missing('NoSuchCORSConfiguration', 'The CORS configuration does not exist'),
    validate: validateCorsDocument,
  },
  {
    subresource: 'lifecycle',
    stem: 'BucketLifecycleConfiguration',
    format: 'xml',
    missing: missing('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'),
  },
  {
    subresource: 'website',
    stem: 'BucketWebsite',
    format: 'xml',
    missing: missing('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'),
  },
  {
    subresource: 'publicAccessBlock',
    stem: 'PublicAccessBlock',
    format: 'xml',
    missing: missing('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),
  },
  {
    subresource: 'encryption',
    stem: 'BucketEncryption',
    format: 'xml',
    // Every bucket is encrypted with SSE-S3 unless configured otherwise.
    missing: () => ({
      xml: {
        root: 'ServerSideEncryptionConfiguration',
        content: { Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false } },
      },
    }),
  },
  {
    subresource: 'ownershipControls',
    stem: 'BucketOwnershipControls',
    format: 'xml',
    missing: () => ({ xml: { root: 'OwnershipControls', content: { Rule: { ObjectOwnership: 'BucketOwnerEnforced' } } } }),
    deleted: missing('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found'),
  },
];

export const BUCKET_DOCUMENT_SUBRESOURCES = KINDS.map((k) => k.subresource);

function getter(kind: DocumentKind): S3Operation {
  return {
    name: `Get${kind.stem}`,
    async run(req, s3) {
      const bucket = requireBucket(s3, req);
      const body = s3.store.bucketDocument(bucket.name, kind.subresource);
      if (body === '' && kind.deleted) throw kind.deleted(bucket.name);
      if (body === undefined) {
        const fallback = kind.missing(bucket.name);
        if (fallback instanceof AwsError) throw fallback;
        return fallback;
      }
      if (kind.format === 'json') return { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(body) };
      return { headers: { 'Content-Type': 'application/xml' }, body: Buffer.from(body) };
    },
  };
}

function putter(kind: DocumentKind): S3Operation {
  return {
    name: `Put${kind.stem}`,
    async run(req, s3) {
      const bucket = requireBucket(s3, req);
      const text = (await readSmallBody(req)).toString('utf8');
      if (kind.format === 'json') {
        try {
          JSON.parse(text);
        } catch {
          throw new AwsError('MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'", 400);
        }
        s3.store.setBucketDocument(bucket.name, kind.subresource, text);
        return { status: 204 };
      }
      let root: string;
      try {
        root = Object.keys(parseXmlDocument(text))[0] ?? '';
      } catch {
        throw S3Errors.malformedXml();
      }
      kind.validate?.(text);
      const body = text.trimStart().startsWith('<?xml') ? text : `${XML_DECLARATION}${text}`;
      s3.store.setBucketDocument(bucket.name, kind.subresource, body.includes('xmlns=') ? body : body.replace(`<${root}`, `<${root} xmlns="${S3_XMLNS}"`));
      return {};
    },
  };
}

function deleter(kind: DocumentKind): S3Operation {
  return {
    name: `Delete${kind.stem}`,
    async run(req, s3) {
      const bucket = requireBucket(s3, req);
      s3.store.setBucketDocument(bucket.name, kind.subresource, kind.deleted ? '' : undefined);
      return { status: 204 };
    },
  };
}

/** The operation for a bucket-level request on one of these subresources, if it is one. */
export function bucketDocumentOperation(method: string, query: URLSearchParams): S3Operation | undefined {
  const kind = KINDS.find((k) => query.has(k.subresource));
  if (!kind) return undefined;
  if (method === 'GET') return getter(kind);
  if (method === 'PUT') return putter(kind);
  if (method === 'DELETE') return deleter(kind);
  return undefined;
}
