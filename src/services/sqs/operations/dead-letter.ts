import type { SqsOperation } from '../context.js';
import { errors } from '../errors.js';
import { decodeTaskHandle, encodeTaskHandle } from '../move-tasks.js';
import { parseQueueArn, queueUrl, redrivePolicyOf } from '../queues.js';
import type { MoveTaskRow } from '../store.js';
import { checkInt } from '../validation.js';

export const listDeadLetterSourceQueues: SqsOperation = (env, input, call) => {
  const dlq = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const maxResults = checkInt(input.MaxResults, 'MaxResults', 1, 1000, 'MaxResults must be an integer between 1 and 1000.');
  const after = typeof input.NextToken === 'string' && input.NextToken ? Buffer.from(input.NextToken, 'base64').toString('utf8') : '';
  const sources = env.registry.list(dlq.accountId, dlq.region).filter((q) => redrivePolicyOf(q)?.deadLetterTargetArn === dlq.arn && q.name > after);
  const limit = maxResults ?? 1000;
  const page = sources.slice(0, limit);
  return {
    queueUrls: page.map((q) => queueUrl(call.baseUrl, q)),
    ...(maxResults !== undefined && sources.length > limit ? { NextToken: Buffer.from(page[page.length - 1]!.name).toString('base64') } : {}),
  };
};

function sourceQueue(env: Parameters<SqsOperation>[0], arn: unknown) {
  if (typeof arn !== 'string' || arn === '') throw errors.missingParameter('SourceArn');
  if (!parseQueueArn(arn)) {
    throw errors.invalidParameterValue('You must use this format to specify the SourceArn: arn:<partition>:<service>:<region>:<account-id>:<resource-id>');
  }
  const queue = env.registry.findByArn(arn);
  if (!queue) throw errors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
  return queue;
}

export const startMessageMoveTask: SqsOperation = (env, input) => {
  const source = sourceQueue(env, input.SourceArn);
  const isDlq = env.registry.all().some((q) => redrivePolicyOf(q)?.deadLetterTargetArn === source.arn);
  if (!isDlq) throw errors.invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
  let destinationArn: string | undefined;
  if (typeof input.DestinationArn === 'string' && input.DestinationArn !== '') {
    if (!env.registry.findByArn(input.DestinationArn)) {
      throw errors.resourceNotFound("The resource that you specified for the DestinationArn parameter doesn't exist.");
    }
    destinationArn = input.DestinationArn;
  }
  const rate = checkInt(input.MaxNumberOfMessagesPerSecond, 'MaxNumberOfMessagesPerSecond', 1, 500, 'Must be between 1 and 500.');
  const active = (env.tables.moveTasksOf.all(source.arn, 100) as MoveTaskRow[]).some((t) => t.status === 'RUNNING' || t.status === 'CANCELLING');
  if (active) {
    throw errors.invalidParameterValue('There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
  }
  const task = env.moveTasks.start(source, destinationArn, rate);
  return { TaskHandle: encodeTaskHandle(task) };
};

export const listMessageMoveTasks: SqsOperation = (env, input) => {
  const source = sourceQueue(env, input.SourceArn);
  const max = checkInt(input.MaxResults, 'MaxResults', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  const tasks = env.tables.moveTasksOf.all(source.arn, max) as MoveTaskRow[];
  return {
    Results: tasks.map((t) => ({
      ...(t.status === 'RUNNING' ? { TaskHandle: encodeTaskHandle(t) } : {}),
      Status: t.status,
      SourceArn: t.source_arn,
      ...(t.destination_arn ? { DestinationArn: t.destination_arn } : {}),
      ...(t.max_per_second ? { MaxNumberOfMessagesPerSecond: t.max_per_second } : {}),
      ApproximateNumberOfMessagesMoved: t.moved,
      ApproximateNumberOfMessagesToMove: t.to_move,
      ...(t.failure_reason ? { FailureReason: t.failure_reason } : {}),
      StartedTimestamp: t.started_at,
    })),
  };
};

export const cancelMessageMoveTask: SqsOperation = (env, input) => {
  if (typeof input.TaskHandle !== 'string' || input.TaskHandle === '') throw errors.missingParameter('TaskHandle');
  const decoded = decodeTaskHandle(input.TaskHandle);
  if (!decoded) throw errors.invalidParameterValue('Value for parameter TaskHandle is invalid.');
  sourceQueue(env, decoded.sourceArn);
  const task = env.tables.moveTaskById.get(decoded.taskId) as MoveTaskRow | undefined;
  if (!task) throw errors.resourceNotFound('Task does not exist.');
  if (task.status !== 'RUNNING') throw errors.unsupportedOperation('Only active tasks can be cancelled.');
  env.moveTasks.cancel(task);
  return { ApproximateNumberOfMessagesMoved: task.moved };
};
