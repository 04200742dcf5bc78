import type { Clock } from '../../clock.js';
import { assertValid, type StructureShape } from '../../protocols/constraints.js';
import type { JsonOperation } from '../../protocols/json-rpc.js';
import type { RequestContext } from '../../server/request-context.js';
import { streamNotFound } from './errors.js';
import type { StreamRow, StreamStore } from './stream-store.js';

export interface StreamsEnv {
  store: StreamStore;
  clock: Clock;
}

export type StreamsOperation = (env: StreamsEnv, input: Record<string, unknown>, ctx: RequestContext) => Record<string, unknown>;

/** The operation behind the codec: its input checked against its shape first. */
export function bind(env: StreamsEnv, shape: StructureShape, operation: StreamsOperation): JsonOperation {
  return async (input, ctx) => {
    assertValid(shape, input);
    return operation(env, input, ctx);
  };
}

/** The stream an ARN names, in the caller's account and region. */
export function existingStream(env: StreamsEnv, ctx: RequestContext, arn: string): StreamRow {
  const stream = env.store.stream(arn);
  if (!stream || stream.account_id !== ctx.accountId || stream.region !== ctx.region) throw streamNotFound(arn);
  return stream;
}
