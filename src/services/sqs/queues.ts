import type { QueueRow } from './store.js';

/** A queue as the operations see it: its row with attributes parsed. */
export interface Queue {
  id: number;
  accountId: string;
  region: string;
  name: string;
  fifo: boolean;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
  purgedAt: number | null;
  arn: string;
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export function queueFromRow(row: QueueRow): Queue {
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    fifo: row.fifo === 1,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    tags: JSON.parse(row.tags) as Record<string, string>,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    purgedAt: row.purged_at,
    arn: queueArn(row.region, row.account_id, row.name),
  };
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}

export function parseQueueArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws[\w-]*:sqs:([^:]+):([^:]+):([^:]+)$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

/** `http://<host>/<account>/<name>`: the host is the one the client called. */
/**
 * A queue's URL carries its region, so same-named queues in two regions differ: in the host when
 * the client called an AWS-style `sqs.<region>.` host, else in a `/queue/<region>/` path prefix
 * that needs no DNS.
 */
export function queueUrl(base: string, queue: Pick<Queue, 'accountId' | 'name' | 'region'>): string {
  const trimmed = base.replace(/\/$/, '');
  if (REGION_HOST.test(new URL(trimmed).hostname)) return `${trimmed}/${queue.accountId}/${queue.name}`;
  return `${trimmed}/queue/${queue.region}/${queue.accountId}/${queue.name}`;
}

const REGION_HOST = /^sqs\.[a-z0-9-]+\./;

/**
 * Where a queue URL points: account and name from the path, region from a `/queue/<region>/` path
 * prefix or an `sqs.<region>.` host (AWS style) when there is one. A bare queue name is accepted as AWS's SDKs sometimes send one.
 */
export function parseQueueUrl(url: string): { accountId?: string; region?: string; name: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return /^[\w-]+(\.fifo)?$/.test(url) ? { name: url } : undefined;
  }
  const segments = parsed.pathname.split('/').filter(Boolean);
  if (segments.length < 2) return undefined;
  const name = segments[segments.length - 1]!;
  const accountId = segments[segments.length - 2]!;
  const inPath = segments.length >= 4 && segments[segments.length - 4] === 'queue' ? segments[segments.length - 3] : undefined;
  const region = inPath ?? /^sqs\.([a-z0-9-]+)\./.exec(parsed.hostname)?.[1] ?? /^([a-z]{2}-[a-z]+-\d)\.queue\./.exec(parsed.hostname)?.[1];
  return { accountId, region, name };
}

export function redrivePolicyOf(queue: Queue): RedrivePolicy | undefined {
  const raw = queue.attributes.RedrivePolicy;
  if (!raw) return undefined;
  try {
    const p = JSON.parse(raw) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    if (!p.deadLetterTargetArn) return undefined;
    return { deadLetterTargetArn: p.deadLetterTargetArn, maxReceiveCount: Number(p.maxReceiveCount) };
  } catch {
    return undefined;
  }
}

export function numberAttribute(queue: Queue, name: string): number {
  return Number(queue.attributes[name]);
}
