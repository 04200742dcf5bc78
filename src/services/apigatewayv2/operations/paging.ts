import type { RestJsonRequest } from '../../../protocols/rest-json.js';
import { badRequest } from '../errors.js';

/** One page of `items` by `maxResults` and the opaque `nextToken` API Gateway hands back. */
export function page<T>(items: readonly T[], request: RestJsonRequest): { items: T[]; nextToken?: string } {
  const token = request.query.get('nextToken');
  const max = request.query.get('maxResults');
  let start = 0;
  if (token) {
    const decoded = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw badRequest('The nextToken provided is invalid.');
    start = decoded;
  }
  let size = items.length;
  if (max !== null) {
    size = Number(max);
    if (!Number.isInteger(size) || size < 1) throw badRequest('maxResults must be a positive integer.');
  }
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return next ? { items: slice, nextToken: next } : { items: slice };
}
