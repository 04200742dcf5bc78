import { queueFromRow, queueUrl, type Queue, type RedrivePolicy } from '../../services/sqs/queues.js';
import { systemAttributesOf } from '../../services/sqs/messages.js';
import type { MessageRow, QueueRow } from '../../services/sqs/store.js';
import type { Db } from '../../store/database.js';
import type { QueueMessage, QueueSummary } from '../api-types.js';
import { parseJson, row, rows } from './db.js';

export function allQueues(db: Db): Queue[] {
  return rows<QueueRow>(db, 'SELECT * FROM sqs_queues ORDER BY name, account_id, region').map(queueFromRow);
}

export function queueByArn(db: Db, arn: string): Queue | undefined {
  const [, , , region, accountId, name] = arn.split(':');
  const found = row<QueueRow>(db, 'SELECT * FROM sqs_queues WHERE account_id = ? AND region = ? AND name = ?', accountId, region, name);
  return found && queueFromRow(found);
}

export function deadLetterTargetOf(queue: Queue): string | undefined {
  return parseJson<Partial<RedrivePolicy>>(queue.attributes.RedrivePolicy, {}).deadLetterTargetArn;
}

/** Every queue with its message counts (as GetQueueAttributes' Approximate* counts them) and redrive links. */
export function listQueues(db: Db, endpointUrl: string, now: number): QueueSummary[] {
  const queues = allQueues(db);
  const sources = new Map<string, string[]>();
  for (const q of queues) {
    const target = deadLetterTargetOf(q);
    if (target) sources.set(target, [...(sources.get(target) ?? []), q.arn]);
  }
  return queues.map((q) => {
    const counts = row<{ visible: number; inflight: number; delayed: number }>(
      db,
      `SELECT COALESCE(SUM(CASE WHEN visible_at <= @now THEN 1 ELSE 0 END), 0) AS visible,
              COALESCE(SUM(CASE WHEN visible_at > @now AND receive_count > 0 THEN 1 ELSE 0 END), 0) AS inflight,
              COALESCE(SUM(CASE WHEN visible_at > @now AND receive_count = 0 THEN 1 ELSE 0 END), 0) AS delayed
         FROM sqs_messages WHERE queue_id = @queue_id AND expires_at > @now`,
      { queue_id: q.id, now },
    ) ?? { visible: 0, inflight: 0, delayed: 0 };
    const summary: QueueSummary = {
      name: q.name,
      url: queueUrl(endpointUrl, q),
      arn: q.arn,
      fifo: q.fifo,
      visible: counts.visible,
      inFlight: counts.inflight,
      delayed: counts.delayed,
      deadLetterSourceArns: sources.get(q.arn) ?? [],
      region: q.region,
      accountId: q.accountId,
    };
    const target = deadLetterTargetOf(q);
    if (target) summary.deadLetterTargetArn = target;
    return summary;
  });
}

/** The queue's messages in the order they were sent, read without receiving them. */
export function peekMessages(db: Db, queue: Queue, now: number, limit: number): QueueMessage[] {
  const found = rows<MessageRow>(db, 'SELECT * FROM sqs_messages WHERE queue_id = ? AND expires_at > ? ORDER BY id LIMIT ?', queue.id, now, limit);
  return found.map((m) => toQueueMessage(m, queue, now));
}

export function messageRow(db: Db, queue: Queue, messageId: string, now: number): MessageRow | undefined {
  return row<MessageRow>(db, 'SELECT * FROM sqs_messages WHERE queue_id = ? AND message_id = ? AND expires_at > ?', queue.id, messageId, now);
}

function toQueueMessage(m: MessageRow, queue: Queue, now: number): QueueMessage {
  const message: QueueMessage = {
    messageId: m.message_id,
    body: m.body,
    state: m.visible_at <= now ? 'visible' : m.receive_count > 0 ? 'inFlight' : 'delayed',
    receiveCount: m.receive_count,
    sentAt: m.sent_at,
    attributes: systemAttributesOf(m, queue),
    messageAttributes: parseJson(m.message_attributes, {}),
  };
  if (m.group_id) message.messageGroupId = m.group_id;
  return message;
}
