import { errors } from './errors.js';

const MAX_TAGS = 50;

/** Tag rules: keys 1–128 characters, values up to 256, at most 50 per resource. */
export function checkTags(tags: readonly { Key: string; Value: string }[], existing: Readonly<Record<string, string>> = {}): void {
  for (const { Key, Value } of tags) {
    if (Key.length < 1 || Key.length > 128) throw errors.invalidParameter('Invalid parameter: Tags Reason: Tag key must be between 1 and 128 characters');
    if (Value.length > 256) throw errors.invalidParameter('Invalid parameter: Tags Reason: Tag value must be at most 256 characters');
  }
  const keys = new Set([...Object.keys(existing), ...tags.map((t) => t.Key)]);
  if (keys.size > MAX_TAGS) throw errors.tagLimit();
}
