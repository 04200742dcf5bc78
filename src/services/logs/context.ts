import type { Clock } from '../../clock.js';
import type { StructureShape } from '../../protocols/constraints.js';
import type { JsonOperation } from '../../protocols/json-rpc.js';
import type { RequestContext } from '../../server/request-context.js';
import type { FunctionLogWriter } from './function-logs.js';
import type { GroupRow, LogsStore, StreamRow } from './store.js';
import { checkInput, groupNotFound, invalidParameter, streamNotFound } from './validation.js';

export interface LogsEnv {
  store: LogsStore;
  writer: FunctionLogWriter;
  clock: Clock;
}

export type LogsOperation = (env: LogsEnv, input: Record<string, unknown>, ctx: RequestContext) => Promise<Record<string, unknown> | undefined>;

/** The operation behind the codec: its input checked against its shape first. */
export function bind(env: LogsEnv, shape: StructureShape, operation: LogsOperation): JsonOperation {
  return (input, ctx) => {
    checkInput(shape, input);
    return operation(env, input, ctx);
  };
}

export function existingGroup(env: LogsEnv, ctx: RequestContext, name: string): GroupRow {
  const group = env.store.findGroup(ctx, name);
  if (!group) throw groupNotFound();
  return group;
}

export function existingStream(env: LogsEnv, group: GroupRow, name: string): StreamRow {
  const stream = env.store.findStream(group, name);
  if (!stream) throw streamNotFound();
  return stream;
}

/** Describe* paging: the token is the offset of the next page. */
export function pageOffset(input: Record<string, unknown>): number {
  const token = input.nextToken;
  if (token === undefined || token === null) return 0;
  const offset = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^o:/, '')) : NaN;
  if (!Number.isInteger(offset) || offset < 0) throw invalidParameter('The specified nextToken is invalid.');
  return offset;
}

export function pageToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export const groupArn = (ctx: RequestContext, name: string) => `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}`;
