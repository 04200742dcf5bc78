import { randomUUID } from 'node:crypto';

/** An event as EventBridge delivers it, keys in AWS's order. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  /** Added to replayed events (archives never keep them). */
  'replay-name'?: string;
}

/** ISO 8601 without milliseconds, `Z` (`2026-01-01T00:00:00Z`), as EventBridge writes `time`. */
export function eventTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function buildEnvelope(e: {
  source: string;
  detailType: string;
  detail: unknown;
  resources?: string[];
  account: string;
  region: string;
  timeMs: number;
}): EventEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': e.detailType,
    source: e.source,
    account: e.account,
    time: eventTime(e.timeMs),
    region: e.region,
    resources: e.resources ?? [],
    detail: e.detail,
  };
}

export const busArn = (scope: { accountId: string; region: string }, name: string) => `arn:aws:events:${scope.region}:${scope.accountId}:event-bus/${name}`;

/** Rules on the default bus are `rule/<name>`; on a custom bus `rule/<bus>/<name>`. */
export const ruleArn = (scope: { accountId: string; region: string }, bus: string, name: string) =>
  `arn:aws:events:${scope.region}:${scope.accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;

export const archiveArn = (scope: { accountId: string; region: string }, name: string) => `arn:aws:events:${scope.region}:${scope.accountId}:archive/${name}`;
export const replayArn = (scope: { accountId: string; region: string }, name: string) => `arn:aws:events:${scope.region}:${scope.accountId}:replay/${name}`;

/** `{accountId, region, name}` of a bus ARN, or undefined. */
export function parseBusArn(arn: string): { accountId: string; region: string; name: string } | undefined {
  const m = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/([A-Za-z0-9._\-/]+)$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

/** `{accountId, region, bus, name}` of a rule ARN, or undefined. */
export function parseRuleArn(arn: string): { accountId: string; region: string; bus: string; name: string } | undefined {
  const m = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):rule\/(?:([^/]+)\/)?([^/]+)$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, bus: m[3] ?? 'default', name: m[4]! } : undefined;
}
