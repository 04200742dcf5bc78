import type { StreamsOperation } from '../context.js';

/** ListStreams: the account's streams (of one table when TableName is given), 100 a page by default. */
export const listStreams: StreamsOperation = (env, input, ctx) => {
  const all = env.store.streams(ctx.accountId, ctx.region, input.TableName as string | undefined);
  const limit = (input.Limit as number | undefined) ?? 100;
  const after = input.ExclusiveStartStreamArn as string | undefined;
  const start = after === undefined ? 0 : all.findIndex((s) => s.stream_arn === after) + 1;
  const page = all.slice(start, start + limit);
  const out: Record<string, unknown> = { Streams: page.map((s) => ({ StreamArn: s.stream_arn, TableName: s.table_name, StreamLabel: s.label })) };
  if (start + limit < all.length) out.LastEvaluatedStreamArn = page[page.length - 1]!.stream_arn;
  return out;
};
