import type { Observations } from '../../observations/bus.js';
import type { CorrelationIds } from '../../observations/types.js';
import type { Queue } from './queues.js';

/** `message.sent` for one accepted message; callers check `wants('message.sent')` first. */
export function emitMessageSent(observations: Observations, queue: Queue, messageId: string, by: string, causeIds?: CorrelationIds): void {
  observations.emit({
    type: 'message.sent',
    ids: { ...causeIds, messageIds: [messageId], sourceArn: queue.arn },
    queueArn: queue.arn,
    messageId,
    by,
  });
}
