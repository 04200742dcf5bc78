import { AwsError } from '../../protocols/aws-error.js';

/** Form fields S3 does not require the policy to mention. */
const UNCHECKED_FIELDS = new Set(['policy', 'file', 'x-amz-signature', 'signature', 'awsaccesskeyid']);

export interface SizeRange {
  min: number;
  max: number;
}

const denied = (message: string) => new AwsError('AccessDenied', `Invalid according to Policy: ${message}`, 403);
const invalidPolicy = (message: string) => new AwsError('InvalidPolicyDocument', `Invalid Policy: ${message}`, 400);

/** How S3 quotes a failed condition: `["starts-with", "$key", "uploads/"]`. */
function describe(condition: unknown): string {
  if (Array.isArray(condition)) return `[${condition.map((c) => JSON.stringify(c)).join(', ')}]`;
  return JSON.stringify(condition);
}

/**
 * Checks a browser-form upload against its signed POST policy (`policy` field, base64 JSON): the
 * expiration, every `eq` / `starts-with` condition, and that each form field is covered by one.
 * Returns the `content-length-range`, which can only be checked once the file has been read.
 */
export function checkPostPolicy(fields: Record<string, string>, bucket: string, keys: readonly string[], now: number): SizeRange | undefined {
  const encoded = fields.policy;
  if (encoded === undefined) return undefined;
  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as typeof policy;
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (typeof policy.expiration !== 'string') throw invalidPolicy('Policy missing expiration.');
  // An ISO 8601 UTC timestamp; dates alone and other spellings Date.parse would take are refused.
  const expires = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(policy.expiration) ? Date.parse(policy.expiration) : Number.NaN;
  if (Number.isNaN(expires)) throw invalidPolicy(`Invalid 'expiration' value: '${policy.expiration}'`);
  if (now > expires) throw denied('Policy expired.');
  // Member names are case-sensitive: `CONDITIONS` is no conditions at all.
  if (policy.conditions === undefined) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(policy.conditions)) throw invalidPolicy("Invalid 'conditions' value: must be a List.");
  const conditions = policy.conditions as unknown[];
  const valuesOf = (field: string): string[] => (field === 'bucket' ? [bucket] : field === 'key' ? [...keys] : [fields[field] ?? '']);
  const covered = new Set<string>(['bucket']);
  let size: SizeRange | undefined;
  for (const condition of conditions) {
    let op: string;
    let field: string;
    let expected: string;
    if (Array.isArray(condition)) {
      const [name, a, b] = condition as unknown[];
      op = String(name).toLowerCase();
      if (op === 'content-length-range') {
        // Both bounds, whole numbers, lower first: anything else makes the policy invalid.
        if (condition.length !== 3 || !isBound(a) || !isBound(b) || Number(a) > Number(b)) {
          throw invalidPolicy(`Invalid content-length-range condition: ${describe(condition)}`);
        }
        size = { min: Number(a), max: Number(b) };
        continue;
      }
      field = String(a).replace(/^\$/, '').toLowerCase();
      expected = String(b ?? '');
    } else if (condition && typeof condition === 'object') {
      const entries = Object.entries(condition as Record<string, unknown>);
      if (entries.length !== 1) throw invalidPolicy('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
      op = 'eq';
      field = entries[0]![0].replace(/^\$/, '').toLowerCase();
      expected = String(entries[0]![1]);
    } else {
      throw invalidPolicy('Invalid Condition: condition must be an array or an object.');
    }
    covered.add(field);
    const values = valuesOf(field);
    const holds = op === 'eq' ? values.some((v) => v === expected) : op === 'starts-with' ? values.some((v) => v.startsWith(expected)) : false;
    if (!holds) throw denied(`Policy Condition failed: ${describe(condition)}`);
  }
  const extra = Object.keys(fields).filter((f) => !UNCHECKED_FIELDS.has(f) && !f.startsWith('x-ignore-') && !covered.has(f));
  if (extra.length) throw denied(`Extra input fields: ${extra.join(', ')}`);
  return size;
}

function isBound(v: unknown): boolean {
  return (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && /^\d+$/.test(v));
}

/** `content-length-range` of the policy, checked against the received file size. */
export function checkPostSize(size: number, range: SizeRange | undefined): void {
  if (!range) return;
  if (size > range.max)
    throw new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: size, MaxSizeAllowed: range.max });
  if (size < range.min)
    throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
      ProposedSize: size,
      MinSizeAllowed: range.min,
    });
}
