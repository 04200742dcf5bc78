/**
 * Where the bucket is named: in the host (`photos.localhost:4566`, `photos.s3.localhost`,
 * `photos.s3.us-east-1.amazonaws.com`) or first in the path (`/photos/key`). Keys are taken from
 * the raw request path so dot segments and repeated slashes survive as S3 keeps them.
 */
export interface Address {
  bucket?: string;
  key?: string;
}

const BASE_DOMAINS = ['localhost.localstack.cloud', 'localhost', 'amazonaws.com', 'amazonaws.com.cn'];
const S3_LABELS = /^(?:(.+)\.)?s3(?:[.-](?:dualstack\.)?[a-z]{2}(?:-[a-z]+)+-\d+)?$/;

export function bucketFromHost(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const hostname = hostHeader.replace(/:\d+$/, '').toLowerCase();
  if (hostname.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return undefined;
  for (const base of BASE_DOMAINS) {
    if (!hostname.endsWith(`.${base}`)) continue;
    const rest = hostname.slice(0, -(base.length + 1));
    const s3 = S3_LABELS.exec(rest);
    if (s3) return s3[1] || undefined;
    return rest;
  }
  return undefined;
}

export function resolveAddress(hostHeader: string | undefined, rawUrl: string): Address {
  let rawPath = rawUrl.split('?')[0] ?? '/';
  if (/^https?:\/\//i.test(rawPath)) rawPath = rawPath.replace(/^https?:\/\/[^/]*/i, '') || '/';
  const hostBucket = bucketFromHost(hostHeader);
  if (hostBucket) {
    const key = rawPath.slice(1);
    return { bucket: hostBucket, key: key === '' ? undefined : decode(key) };
  }
  const path = rawPath.slice(1);
  if (path === '') return {};
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: decode(path) };
  const key = path.slice(slash + 1);
  return { bucket: decode(path.slice(0, slash)), key: key === '' ? undefined : decode(key) };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
