import { validationError } from './errors.js';
import { asString, type Tree } from './wire.js';

/** `Marker`/`PageSize` paging as ELBv2 does it: an opaque marker, `NextMarker` while more remain. */
export function page<T>(items: readonly T[], input: Record<string, Tree>): { items: T[]; nextMarker?: string } {
  const sizeText = asString(input.PageSize);
  const size = sizeText === undefined ? 400 : Number(sizeText);
  const marker = asString(input.Marker);
  let start = 0;
  if (marker !== undefined) {
    start = Number(Buffer.from(marker, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw validationError('Invalid marker');
  }
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  return { items: slice, nextMarker: next };
}
