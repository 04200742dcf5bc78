import type { ObjectRow, S3Store } from './store.js';

/** Sorts after every key that starts with the prefix it is appended to (for skipping a CommonPrefix). */
const AFTER_ALL = '\u{10FFFF}';

export interface ListingPage {
  contents: ObjectRow[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned (the next marker). */
  last?: string;
}

/**
 * One page of a listing in UTF-8 binary key order: keys after `after` under `prefix`, keys that
 * contain `delimiter` after the prefix rolled up into CommonPrefixes; both count toward maxKeys.
 */
export function listPage(store: S3Store, bucket: string, options: { prefix: string; delimiter: string; after: string; maxKeys: number }): ListingPage {
  const { prefix, delimiter, maxKeys } = options;
  const page: ListingPage = { contents: [], commonPrefixes: [], isTruncated: false };
  // AWS answers max-keys=0 with an empty page that is not truncated (and so has no next token).
  if (maxKeys === 0) return page;
  let cursor = options.after;
  let lastPrefix: string | undefined;
  // A marker that is itself a CommonPrefix (a previous page's last entry) skips that whole prefix.
  if (
    delimiter !== '' &&
    cursor.startsWith(prefix) &&
    cursor.endsWith(delimiter) &&
    cursor.indexOf(delimiter, prefix.length) === cursor.length - delimiter.length
  ) {
    lastPrefix = cursor;
  }
  for (;;) {
    const rows = store.listLatest(bucket, prefix, cursor, 1000);
    if (rows.length === 0) return page;
    for (const row of rows) {
      cursor = row.key;
      if (lastPrefix !== undefined && row.key.startsWith(lastPrefix)) continue;
      let commonPrefix: string | undefined;
      if (delimiter !== '') {
        const at = row.key.indexOf(delimiter, prefix.length);
        if (at >= 0) commonPrefix = row.key.slice(0, at + delimiter.length);
      }
      if (page.contents.length + page.commonPrefixes.length >= maxKeys) {
        page.isTruncated = true;
        return page;
      }
      if (commonPrefix !== undefined) {
        page.commonPrefixes.push(commonPrefix);
        lastPrefix = commonPrefix;
        page.last = commonPrefix;
        cursor = commonPrefix + AFTER_ALL;
        break;
      }
      page.contents.push(row);
      page.last = row.key;
    }
  }
}

/** `encoding-type=url`: every byte but unreserved characters and `/` as %XX. */
export function urlEncodeKey(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
