import { randomUUID } from 'node:crypto';
import type { InternalDeps } from '../../internal/route.js';
import type { ReplayRequest, ReplayResult } from '../api-types.js';
import { ApiError, conflict, notFound } from './http.js';
import type { KeptEvents } from './kept-events.js';
import { allQueues, deadLetterTargetOf, messageRow, queueByArn } from './queues.js';

export function replayRequestOf(body: unknown): ReplayRequest {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const str = (name: string, optional = false): string | undefined => {
    const v = b[name];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v === '') throw new ApiError(400, `'${name}' must be a non-empty string.`);
    return v;
  };
  if (b.kind === 'dlq-message')
    return { kind: 'dlq-message', queueArn: str('queueArn')!, messageId: str('messageId')!, targetQueueArn: str('targetQueueArn', true) };
  if (b.kind === 'invocation') return { kind: 'invocation', invocationId: str('invocationId')! };
  throw new ApiError(400, "'kind' must be 'dlq-message' or 'invocation'.");
}

export function replay(deps: InternalDeps, kept: KeptEvents | undefined, request: ReplayRequest): Promise<ReplayResult> {
  return request.kind === 'dlq-message' ? moveBack(deps, request) : runAgain(deps, kept, request.invocationId);
}

/**
 * One message of a dead-letter queue back to its source, as StartMessageMoveTask moves each: the
 * same message (id, body, message attributes) in the source, visible at once, and gone from the
 * dead-letter queue. The source is `targetQueueArn`, else the queue the message came from
 * (its DeadLetterQueueSourceArn), else the one queue whose RedrivePolicy names this one.
 */
async function moveBack(deps: InternalDeps, request: Extract<ReplayRequest, { kind: 'dlq-message' }>): Promise<ReplayResult> {
  const db = deps.store.db;
  const dlq = queueByArn(db, request.queueArn);
  if (!dlq) throw notFound(`No queue ${request.queueArn}`);
  const message = messageRow(db, dlq, request.messageId, deps.clock.now());
  if (!message) throw notFound(`No message ${request.messageId} in ${dlq.name}`);
  let targetArn = request.targetQueueArn ?? message.dlq_source_arn ?? undefined;
  if (!targetArn) {
    const sources = allQueues(db).filter((q) => deadLetterTargetOf(q) === dlq.arn);
    if (sources.length !== 1) {
      throw conflict(
        sources.length === 0
          ? `No queue names ${dlq.name} as its dead-letter queue; give targetQueueArn.`
          : `${sources.length} queues name ${dlq.name} as their dead-letter queue; give targetQueueArn.`,
      );
    }
    targetArn = sources[0]!.arn;
  }
  const target = queueByArn(db, targetArn);
  if (!target) throw notFound(`No queue ${targetArn}`);
  const sqs = deps.ports.sqs;
  if (!sqs?.moveMessage) throw conflict('SQS is not available.');
  if (!sqs.moveMessage(dlq.arn, message.message_id, target.arn)) throw notFound(`No message ${request.messageId} in ${dlq.name}`);
  return { done: `moved to ${target.name}`, messageId: message.message_id };
}

/**
 * A kept invocation's event again, the way it first ran: a mapping's batch synchronously with the
 * same event (its mapping's ids kept, so it reads as that mapping's), an event that came through the
 * async queue queued again as a new event, anything else invoked synchronously.
 */
async function runAgain(deps: InternalDeps, kept: KeptEvents | undefined, invocationId: string): Promise<ReplayResult> {
  const event = kept?.get(invocationId);
  if (!event) {
    const known = deps.history.query({ types: ['invocation.started', 'invocation.finished'] }).some((o) => o.ids.invocationId === invocationId);
    if (!known) throw notFound(`No invocation ${invocationId} is kept.`);
    throw conflict(`The event of invocation ${invocationId} was not kept (only the last 500 events up to 256 KB each are).`);
  }
  const name = event.qualifiedArn.split(':')[6];
  if (event.async) {
    const lambda = deps.ports.lambda;
    if (!lambda) throw conflict('Lambda is not available.');
    const { requestId } = await lambda.invokeAsync({ functionArn: event.qualifiedArn, payload: event.payload, source: event.cause.source });
    return { done: `queued for ${name}`, invocationId: requestId };
  }
  const requestId = randomUUID();
  const { attempt: _attempt, requestId: _request, ...causeIds } = event.cause.ids ?? {};
  const outcome = await deps.gateway.invoke({
    function: { ref: event.qualifiedArn, scope: { accountId: event.accountId, region: event.region } },
    requestId,
    payload: event.payload,
    cause: { source: event.cause.source, ids: { ...causeIds, attempt: 1 } },
  });
  if (outcome.kind === 'not-found') throw notFound(outcome.message);
  return { done: `invoked ${name} (${outcome.kind})`, invocationId: requestId };
}
