import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import type { Observations } from '../../observations/bus.js';
import { AwsError } from '../../protocols/aws-error.js';
import { assertValid, type StructureShape } from '../../protocols/constraints.js';
import type { JsonOperation } from '../../protocols/json-rpc.js';
import type { RequestContext } from '../../server/request-context.js';
import type { Targets } from '../../targets/index.js';
import type { TargetDeliveries } from './delivery.js';
import { parseBusArn } from './envelope.js';
import type { EventRouter } from './router.js';
import type { RuleSchedules } from './rule-schedules.js';
import type { BusRow, EventsStore, RuleRow, Scope } from './store.js';

export interface EventsEnv {
  store: EventsStore;
  clock: Clock;
  logger: Logger;
  observations: Observations;
  router: EventRouter;
  deliveries: TargetDeliveries;
  schedules: RuleSchedules;
  targets: Targets;
  /** Starts a replay's re-delivery in the background. */
  runReplay(scope: Scope, name: string): void;
}

export type EventsOperation = (env: EventsEnv, input: Record<string, unknown>, ctx: RequestContext) => Promise<Record<string, unknown> | undefined>;

export function bind(env: EventsEnv, shape: StructureShape, operation: EventsOperation): JsonOperation {
  return (input, ctx) => {
    assertValid(shape, input);
    env.store.ensureDefaultBus(ctx, env.clock.now());
    return operation(env, input, ctx);
  };
}

export const validation = (message: string) => new AwsError('ValidationException', message, 400);
export const notFound = (message: string) => new AwsError('ResourceNotFoundException', message, 400);
export const alreadyExists = (message: string) => new AwsError('ResourceAlreadyExistsException', message, 400);

/** A bus by name or ARN (`EventBusName` takes both); the default bus when absent. */
export function busNameOf(input: Record<string, unknown>, member = 'EventBusName'): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') return 'default';
  return parseBusArn(value)?.name ?? value;
}

export function existingBus(env: EventsEnv, scope: Scope, name: string): BusRow {
  const bus = env.store.bus(scope, name);
  if (!bus) throw notFound(`Event bus ${name} does not exist.`);
  return bus;
}

export function existingRule(env: EventsEnv, scope: Scope, bus: string, name: string): RuleRow {
  const rule = env.store.rule(scope, bus, name);
  if (!rule) throw notFound(`Rule ${name} does not exist on EventBus ${bus}.`);
  return rule;
}

/** List paging: the token is the offset of the next page. */
export function page<T>(input: Record<string, unknown>, items: readonly T[], defaultLimit = 100): { items: T[]; nextToken?: string } {
  const token = input.NextToken;
  const offset = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw validation('The NextToken provided is invalid.');
  const limit = typeof input.Limit === 'number' ? input.Limit : defaultLimit;
  const slice = items.slice(offset, offset + limit);
  return offset + limit < items.length ? { items: slice, nextToken: Buffer.from(String(offset + limit)).toString('base64url') } : { items: slice };
}

/** `[{Key, Value}]` as an object, and back. */
export const tagsObject = (tags: unknown): Record<string, string> =>
  Object.fromEntries(((tags as { Key: string; Value: string }[] | undefined) ?? []).map((t) => [t.Key, t.Value]));
export const tagsList = (json: string) => Object.entries(JSON.parse(json) as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));

/** EventBridge's timestamps (JSON 1.1 epoch seconds, or ISO text) in milliseconds. */
export function timestampMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string') {
    const n = Number(value);
    if (value.trim() !== '' && Number.isFinite(n)) return Math.round(n * 1000);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

export const seconds = (ms: number) => ms / 1000;
