import { structure, validate, validationMessage } from '../../protocols/constraints.js';
import { invalidParameter } from './errors.js';

/** Lambda reports a bad `MaxItems` as a parameter error worded as one range. */
const PAGE_REQUEST = structure({ MaxItems: { type: 'integer', fromText: true, range: { min: 1, max: 10000, between: true } } });

/** Reads `MaxItems` (1–10000; AWS caps list pages at 50) and the opaque `Marker`. */
export function pageParams(query: URLSearchParams, defaultMax = 50): { max: number; after: string } {
  const rawMax = query.get('MaxItems');
  let max = defaultMax;
  if (rawMax !== null) {
    const violations = validate(PAGE_REQUEST, { MaxItems: rawMax });
    if (violations.length > 0) throw invalidParameter(validationMessage(violations));
    max = Math.min(Number(rawMax), 50);
  }
  const marker = query.get('Marker');
  return { max, after: marker ? decodeMarker(marker) : '' };
}

export function encodeMarker(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  return Buffer.from(marker, 'base64url').toString('utf8');
}

/**
 * One page of `items` (sorted by `order`) after the item whose key is `after`; an item removed
 * between pages does not restart the listing, since the position comes from the order.
 */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  after: string,
  max: number,
  order: (key: string) => number | string = (key) => key,
): { items: T[]; nextMarker?: string } {
  const found = after ? items.findIndex((i) => order(keyOf(i)) > order(after)) : 0;
  const start = found === -1 ? items.length : found;
  const slice = items.slice(start, start + max);
  const more = start + max < items.length;
  return { items: slice, nextMarker: more && slice.length > 0 ? encodeMarker(keyOf(slice[slice.length - 1]!)) : undefined };
}
