import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** The 64-hex canonical user id S3 shows as `Owner/ID`, stable per account. */
export function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`tributary-owner:${accountId}`).digest('hex');
}

/** The short principal id S3 puts in `ownerIdentity` of event records (e.g. `A3NL1KOZZKEXAMPLE`). */
export function ownerPrincipalId(accountId: string): string {
  return `A${createHash('sha1').update(`tributary-principal:${accountId}`).digest('hex').slice(0, 13).toUpperCase()}`;
}

/** S3 request ids are 16 upper-case hex characters. */
export function s3RequestId(from: string): string {
  return from.replace(/-/g, '').slice(0, 16).toUpperCase();
}

/** The extended request id (`x-amz-id-2`). */
export function newHostId(): string {
  if (hostIdPoolOffset + 48 > hostIdPool.length) {
    hostIdPool = randomBytes(48 * 256);
    hostIdPoolOffset = 0;
  }
  hostIdPoolOffset += 48;
  return hostIdPool.toString('base64', hostIdPoolOffset - 48, hostIdPoolOffset);
}

// Random bytes drawn in bulk: one per request is a measurable cost on small PutObjects.
let hostIdPool = Buffer.alloc(0);
let hostIdPoolOffset = 0;

/** Version ids look like `3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY`. */
export function newVersionId(): string {
  return randomBytes(24).toString('base64').replace(/\+/g, '.').replace(/\//g, '_');
}

export function newUploadId(): string {
  return randomBytes(48).toString('base64url');
}

/** Notification ids S3 generates when none is given: base64 of a UUID string. */
export function newConfigurationId(): string {
  return Buffer.from(randomUUID()).toString('base64');
}

export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}
