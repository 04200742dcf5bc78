import { AwsError } from '../../../protocols/aws-error.js';
import { existingGroup, existingStream, groupArn, pageOffset, pageToken, type LogsOperation } from '../context.js';
import { flag, groupNameOrIdentifier, integer, invalidParameter, text } from '../validation.js';

export const createLogStream: LogsOperation = async (env, input, ctx) => {
  const group = existingGroup(env, ctx, input.logGroupName as string);
  if (!env.store.createStream(group, input.logStreamName as string, env.clock.now())) {
    throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists', 400);
  }
  return {};
};

export const deleteLogStream: LogsOperation = async (env, input, ctx) => {
  env.writer.flush();
  const group = existingGroup(env, ctx, input.logGroupName as string);
  env.store.deleteStream(existingStream(env, group, input.logStreamName as string));
  env.writer.forgetStreams();
  return {};
};

export const describeLogStreams: LogsOperation = async (env, input, ctx) => {
  const name = groupNameOrIdentifier(input);
  const prefix = text(input, 'logStreamNamePrefix');
  const orderBy = text(input, 'orderBy') ?? 'LogStreamName';
  if (prefix !== undefined && orderBy === 'LastEventTime') throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  const descending = flag(input, 'descending') ?? false;
  const limit = integer(input, 'limit') ?? 50;
  const offset = pageOffset(input);
  env.writer.flush();
  const group = existingGroup(env, ctx, name);
  const rows = env.store.listStreams(group, { prefix: prefix ?? '', byLastEventTime: orderBy === 'LastEventTime', descending, offset, limit: limit + 1 });
  const logStreams = rows.slice(0, limit).map((s) => {
    const out: Record<string, unknown> = { logStreamName: s.name, creationTime: s.created_at };
    if (s.first_event_at !== null) out.firstEventTimestamp = s.first_event_at;
    if (s.last_event_at !== null) out.lastEventTimestamp = s.last_event_at;
    if (s.last_ingestion_at !== null) out.lastIngestionTime = s.last_ingestion_at;
    out.uploadSequenceToken = String(s.id).padStart(56, '4');
    out.arn = `${groupArn(ctx, group.name)}:log-stream:${s.name}`;
    out.storedBytes = 0;
    return out;
  });
  const out: Record<string, unknown> = { logStreams };
  if (rows.length > limit) out.nextToken = pageToken(offset + limit);
  return out;
};
