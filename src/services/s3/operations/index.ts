import type { IncomingHttpHeaders } from 'node:http';
import { S3Errors } from '../errors.js';
import type { S3Operation } from '../types.js';
import { getBucketAcl, getObjectAcl, putBucketAcl, putObjectAcl } from './acl.js';
import { bucketDocumentOperation } from './bucket-documents.js';
import { createBucket, deleteBucket, getBucketLocation, getBucketVersioning, headBucket, listBuckets, putBucketVersioning } from './buckets.js';
import { completeMultipartUpload } from './complete-multipart.js';
import { copyObject } from './copy-object.js';
import { deleteObject, deleteObjects } from './delete-objects.js';
import { getObject, headObject } from './get-object.js';
import { listObjects, listObjectsV2, listObjectVersions } from './list-objects.js';
import { listMultipartUploads, listParts } from './multipart-list.js';
import { abortMultipartUpload, createMultipartUpload, uploadPart, uploadPartCopy } from './multipart-upload.js';
import { getBucketNotificationConfiguration, putBucketNotificationConfiguration } from './notification.js';
import { getObjectAttributes } from './object-attributes.js';
import { postObject } from './post-object.js';
import { putObject } from './put-object.js';
import { restoreObject } from './restore-object.js';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './tagging.js';

export const OPERATIONS = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  DeleteBucket: deleteBucket,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketVersioning: getBucketVersioning,
  PutBucketVersioning: putBucketVersioning,
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: putBucketAcl,
  GetBucketNotificationConfiguration: getBucketNotificationConfiguration,
  PutBucketNotificationConfiguration: putBucketNotificationConfiguration,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  PostObject: postObject,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  GetObjectTagging: getObjectTagging,
  PutObjectTagging: putObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  GetObjectAcl: getObjectAcl,
  GetObjectAttributes: getObjectAttributes,
  PutObjectAcl: putObjectAcl,
  RestoreObject: restoreObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
} satisfies Record<string, S3Operation>;

export type OperationName = keyof typeof OPERATIONS;

/** The operation of a request: bucket configuration documents first, then the table. */
export function resolveOperation(
  method: string,
  bucket: string | undefined,
  key: string | undefined,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): S3Operation {
  if (bucket !== undefined && key === undefined) {
    const document = bucketDocumentOperation(method, query);
    if (document) return document;
  }
  return OPERATIONS[selectOperation(method, bucket, key, query, headers)];
}

/** Bucket subresources Tributary does not emulate; asking for them is NotImplemented. */
const UNSUPPORTED_SUBRESOURCES = [
  'tagging',
  'logging',
  'replication',
  'accelerate',
  'requestPayment',
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
  'object-lock',
  'legal-hold',
  'retention',
  'select',
  'torrent',
  'policyStatus',
];

/** Picks the operation from method, addressing and subresource query parameters, as S3 does. */
export function selectOperation(
  method: string,
  bucket: string | undefined,
  key: string | undefined,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): OperationName {
  const has = (name: string) => query.has(name);
  if (bucket === undefined) {
    if (method === 'GET') return 'ListBuckets';
    throw S3Errors.methodNotAllowed(method, 'SERVICE');
  }
  if (key === undefined) {
    switch (method) {
      case 'GET':
        if (has('location')) return 'GetBucketLocation';
        if (has('versioning')) return 'GetBucketVersioning';
        if (has('notification')) return 'GetBucketNotificationConfiguration';
        if (has('acl')) return 'GetBucketAcl';
        if (has('uploads')) return 'ListMultipartUploads';
        if (has('versions')) return 'ListObjectVersions';
        break;
      case 'PUT':
        if (has('versioning')) return 'PutBucketVersioning';
        if (has('notification')) return 'PutBucketNotificationConfiguration';
        if (has('acl')) return 'PutBucketAcl';
        break;
      case 'POST':
        if (has('delete')) return 'DeleteObjects';
        break;
    }
    if (UNSUPPORTED_SUBRESOURCES.some(has)) throw S3Errors.notImplemented();
    switch (method) {
      case 'GET':
        return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
      case 'PUT':
        return 'CreateBucket';
      case 'HEAD':
        return 'HeadBucket';
      case 'DELETE':
        return 'DeleteBucket';
      case 'POST':
        return 'PostObject';
    }
    throw S3Errors.methodNotAllowed(method, 'BUCKET');
  }
  switch (method) {
    case 'GET':
      if (has('uploadId')) return 'ListParts';
      if (has('tagging')) return 'GetObjectTagging';
      if (has('acl')) return 'GetObjectAcl';
      if (has('attributes')) return 'GetObjectAttributes';
      break;
    case 'PUT':
      if (has('uploadId') && has('partNumber')) return headers['x-amz-copy-source'] ? 'UploadPartCopy' : 'UploadPart';
      if (has('tagging')) return 'PutObjectTagging';
      if (has('acl')) return 'PutObjectAcl';
      break;
    case 'DELETE':
      if (has('uploadId')) return 'AbortMultipartUpload';
      if (has('tagging')) return 'DeleteObjectTagging';
      break;
    case 'POST':
      if (has('uploads')) return 'CreateMultipartUpload';
      if (has('uploadId')) return 'CompleteMultipartUpload';
      if (has('restore')) return 'RestoreObject';
      break;
  }
  if (UNSUPPORTED_SUBRESOURCES.some(has)) throw S3Errors.notImplemented();
  switch (method) {
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      return headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
    case 'DELETE':
      return 'DeleteObject';
  }
  throw S3Errors.methodNotAllowed(method, 'OBJECT');
}
