import { createHash, randomUUID } from 'node:crypto';
import { randomBase64url } from '../../tracing/random-pool.js';
import type { Clock } from '../../clock.js';
import { errors } from './errors.js';
import type { AttributeValue } from './md5.js';
import { md5Hex, md5OfAttributes } from './md5.js';
import type { Queue } from './queues.js';
import { numberAttribute, redrivePolicyOf } from './queues.js';
import type { QueueRegistry } from './registry.js';
import type { MessageRow, SqsTables } from './store.js';
import type { Waiters } from './waiters.js';

export interface SendInput {
  body: string;
  messageAttributes?: Record<string, AttributeValue>;
  /** System attributes the sender gave (`AWSTraceHeader`); they get an MD5 in the response. */
  systemAttributes?: Record<string, AttributeValue>;
  /** `X-Amzn-Trace-Id` of the request, stored as AWSTraceHeader when the sender gave none. */
  traceHeader?: string;
  delaySeconds?: number;
  groupId?: string;
  dedupId?: string;
  senderId: string;
}

export interface SendResult {
  messageId: string;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  md5OfMessageSystemAttributes?: string;
  sequenceNumber?: string;
}

/** A message handed out by a receive, with the receipt handle of that receive. */
export interface Delivery {
  row: MessageRow;
  receiptHandle: string;
}

const DEDUP_WINDOW_MS = 5 * 60_000;
const FIFO_SCAN_LIMIT = 5_000;
const SEQUENCE_BASE = 18_000_000_000_000_000_000n;

/** Sends, receives, deletes and hides messages: SQS's visibility, retention, delay, redrive and FIFO rules over the SQLite tables. */
export class MessageStore {
  private readonly dedupExpiredAt = new Map<number, number>();

  constructor(
    private readonly tables: SqsTables,
    private readonly registry: QueueRegistry,
    private readonly waiters: Waiters,
    private readonly clock: Clock,
  ) {}

  /** Validates FIFO rules and stores one message; duplicates within 5 minutes are accepted, not stored. */
  send(queue: Queue, input: SendInput): SendResult {
    const now = this.clock.now();
    const md5OfBody = md5Hex(input.body);
    const md5OfMessageAttributes = md5OfAttributes(input.messageAttributes);
    const md5OfMessageSystemAttributes = md5OfAttributes(input.systemAttributes);
    let dedupKey: string | undefined;
    let dedupId = input.dedupId;
    if (queue.fifo) {
      if (input.delaySeconds !== undefined && input.delaySeconds !== 0) {
        throw errors.invalidValue('DelaySeconds', input.delaySeconds, 'The request include parameter that is not valid for this queue type.');
      }
      if (!input.groupId) throw errors.missingParameter('MessageGroupId');
      if (!dedupId) {
        if (queue.attributes.ContentBasedDeduplication !== 'true') {
          throw errors.invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
        }
        dedupId = createHash('sha256').update(input.body).digest('hex');
      }
      dedupKey = queue.attributes.DeduplicationScope === 'messageGroup' ? `${input.groupId}\u0000${dedupId}` : dedupId;
    } else if (input.dedupId !== undefined) {
      throw errors.invalidValue('MessageDeduplicationId', input.dedupId, 'The request include parameter that is not valid for this queue type.');
    }
    const size = Buffer.byteLength(input.body) + attributesSize(input.messageAttributes);
    const maxSize = numberAttribute(queue, 'MaximumMessageSize');
    if (size > maxSize) throw errors.invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${maxSize} bytes.`);

    const systemAttributes =
      input.systemAttributes ?? (input.traceHeader ? { AWSTraceHeader: { DataType: 'String', StringValue: input.traceHeader } } : undefined);
    // FIFO queues know only the queue's delay; the per-message 0 they accept changes nothing.
    const delay = (queue.fifo ? undefined : input.delaySeconds) ?? numberAttribute(queue, 'DelaySeconds');
    const result = this.tables.atomically((): SendResult => {
      if (dedupKey !== undefined) {
        const seen = this.tables.dedupLookup.get(queue.id, dedupKey, now) as { message_id: string; sequence_number: string | null } | undefined;
        if (seen) {
          return {
            messageId: seen.message_id,
            md5OfBody,
            md5OfMessageAttributes,
            md5OfMessageSystemAttributes,
            sequenceNumber: seen.sequence_number ?? undefined,
          };
        }
      }
      const messageId = randomUUID();
      const info = this.tables.insertMessage.run({
        queue_id: queue.id,
        message_id: messageId,
        body: input.body,
        md5_body: md5OfBody,
        message_attributes: serialiseAttributes(input.messageAttributes),
        md5_attributes: md5OfMessageAttributes ?? null,
        system_attributes: serialiseAttributes(systemAttributes),
        md5_system_attributes: md5OfMessageSystemAttributes ?? null,
        sender_id: input.senderId,
        sent_at: now,
        expires_at: now + numberAttribute(queue, 'MessageRetentionPeriod') * 1000,
        visible_at: now + delay * 1000,
        group_id: input.groupId ?? null,
        dedup_id: queue.fifo ? (dedupId ?? null) : null,
        sequence_number: null,
        dlq_source_arn: null,
      });
      const sequenceNumber = queue.fifo ? (SEQUENCE_BASE + BigInt(info.lastInsertRowid)).toString() : undefined;
      if (dedupKey !== undefined) {
        this.expireDedup(queue.id, now);
        this.tables.dedupInsert.run(queue.id, dedupKey, messageId, sequenceNumber ?? null, now + DEDUP_WINDOW_MS);
      }
      return { messageId, md5OfBody, md5OfMessageAttributes, md5OfMessageSystemAttributes, sequenceNumber };
    });
    // A delayed message too: a waiting receive then wakes when it turns visible.
    this.waiters.notify(queue.id);
    return result;
  }

  /** Forgets deduplication ids older than the window, at most once a minute per queue. */
  private expireDedup(queueId: number, now: number): void {
    const last = this.dedupExpiredAt.get(queueId) ?? 0;
    if (now - last < 60_000) return;
    this.dedupExpiredAt.set(queueId, now);
    this.tables.dedupExpire.run(queueId, now);
  }

  /** One receive attempt, without waiting: marks what it hands out as in flight. */
  receiveNow(queue: Queue, max: number, visibilityTimeoutSeconds?: number, now = this.clock.now()): Delivery[] {
    const hideUntil = now + (visibilityTimeoutSeconds ?? numberAttribute(queue, 'VisibilityTimeout')) * 1000;
    const redrive = redrivePolicyOf(queue);
    return this.tables.atomically((): Delivery[] => {
      const taken: Delivery[] = [];
      const take = (row: MessageRow): boolean => {
        if (row.expires_at <= now) {
          this.tables.deleteMessage.run(row.id);
          return false;
        }
        if (redrive && row.receive_count >= redrive.maxReceiveCount && this.moveToDeadLetterQueue(queue, row, redrive.deadLetterTargetArn)) {
          return false;
        }
        const token = receiptToken(now);
        this.tables.markReceived.run(hideUntil, now, token, row.id);
        row.visible_at = hideUntil;
        row.receive_count += 1;
        row.first_receive_at ??= now;
        row.receipt_token = token;
        taken.push({ row, receiptHandle: encodeReceiptHandle(queue.id, row.id, token) });
        return true;
      };
      if (queue.fifo) {
        this.receiveFifo(queue, now, max, take);
      } else {
        // A message taken with VisibilityTimeout=0 is visible again at once: later rounds skip it
        // (one response never holds a message twice) and ask for that many more rows.
        const seen = new Set<number>();
        for (let round = 0; round < 5 && taken.length < max; round++) {
          const rows = this.tables.visibleMessages.all(queue.id, now, max - taken.length + seen.size) as MessageRow[];
          const fresh = rows.filter((row) => !seen.has(row.id));
          if (fresh.length === 0) break;
          for (const row of fresh) {
            if (taken.length >= max) break;
            seen.add(row.id);
            take(row);
          }
        }
      }
      return taken;
    });
  }

  /**
   * FIFO: a group with a message in flight (or a delayed head) yields nothing; the others give
   * their messages in order, one group's together before the next group's, as AWS returns them.
   */
  private receiveFifo(queue: Queue, now: number, max: number, take: (row: MessageRow) => boolean): void {
    const blocked = new Set<string | null>((this.tables.busyGroups.all(queue.id, now) as { group_id: string | null }[]).map((r) => r.group_id));
    const groups = new Map<string | null, MessageRow[]>();
    for (const row of this.tables.fifoCandidates.all(queue.id, FIFO_SCAN_LIMIT) as MessageRow[]) {
      if (blocked.has(row.group_id)) continue;
      if (row.visible_at > now) {
        blocked.add(row.group_id);
        continue;
      }
      const rows = groups.get(row.group_id);
      if (rows) rows.push(row);
      else groups.set(row.group_id, [row]);
    }
    let count = 0;
    for (const rows of groups.values()) {
      for (const row of rows) {
        if (count >= max) return;
        if (take(row)) count++;
      }
    }
  }

  /** Long polling: receives, and if nothing came, waits for a send or the next message to become visible. */
  async receive(queue: Queue, options: { max: number; waitMs: number; visibilityTimeoutSeconds?: number; signal?: AbortSignal }): Promise<Delivery[]> {
    const deadline = this.clock.now() + options.waitMs;
    for (;;) {
      const current = this.registry.findById(queue.id);
      if (!current || this.waiters.closed) return [];
      // One reading of the clock for both the attempt and the wake-up time: with two, a message
      // turning visible between them is neither taken nor waited for.
      const now = this.clock.now();
      const got = this.receiveNow(current, options.max, options.visibilityTimeoutSeconds, now);
      if (got.length > 0 || now >= deadline || options.signal?.aborted) return got;
      const next = (this.tables.nextVisibleAt.get(queue.id, now) as { at: number | null }).at;
      const wakeAt = next === null ? deadline : Math.min(deadline, next);
      await this.waiters.wait(queue.id, wakeAt - now, options.signal);
    }
  }

  /**
   * Deletes by receipt handle. On a standard queue a handle from an earlier receive succeeds but
   * deletes nothing, as in AWS; on a FIFO queue a handle that is no longer the message's current,
   * in-flight one has expired.
   */
  delete(queue: Queue, receiptHandle: unknown): void {
    const handle = this.decodeFor(queue, receiptHandle);
    if (queue.fifo) {
      const row = this.tables.messageById.get(handle.rowId, queue.id) as MessageRow | undefined;
      if (row && (row.receipt_token !== handle.token || row.visible_at <= this.clock.now())) throw errors.receiptHandleExpired(String(receiptHandle));
    }
    const deleted = this.tables.deleteReceived.run(handle.rowId, queue.id, handle.token).changes > 0;
    // Deleting a FIFO message frees its group: a receive waiting for that group wakes now.
    if (deleted && queue.fifo) this.waiters.notify(queue.id);
  }

  /**
   * A standard queue accepts any handle of a message that still exists, even an older one or after
   * the visibility timeout lapsed; a FIFO queue only the current handle of a message in flight.
   */
  changeVisibility(queue: Queue, receiptHandle: unknown, seconds: number): void {
    const handle = this.decodeFor(queue, receiptHandle);
    const now = this.clock.now();
    const row = this.tables.messageById.get(handle.rowId, queue.id) as MessageRow | undefined;
    if (!row) throw errors.messageNotInflight();
    if (queue.fifo && (row.receipt_token !== handle.token || row.visible_at <= now)) throw errors.receiptHandleExpired(String(receiptHandle));
    // AWS caps a message's visibility at 12 hours from the receive that produced the handle.
    const receivedAt = receivedAtOf(row.receipt_token);
    if (receivedAt !== undefined && Math.floor((now - receivedAt) / 1000) + seconds > MAX_VISIBILITY_SECONDS) {
      throw errors.invalidValue('VisibilityTimeout', seconds, 'Total VisibilityTimeout for the message is beyond the limit [43200 seconds].');
    }
    this.tables.setVisibleAt.run(now + seconds * 1000, row.id);
    // Any change moves the queue's next visible time, which a waiting receive sleeps until.
    this.waiters.notify(queue.id);
  }

  purge(queue: Queue): void {
    const now = this.clock.now();
    this.tables.atomically(() => {
      this.tables.purgeMessages.run(queue.id, now);
      // A purge also forgets the FIFO deduplication ids: a message sent again after it is accepted as new.
      this.tables.deleteQueueDedup.run(queue.id);
      this.tables.setPurgedAt.run(now, queue.id);
    });
  }

  counts(queue: Queue): { visible: number; inflight: number; delayed: number } {
    return this.tables.counts.get({ queue_id: queue.id, now: this.clock.now() }) as { visible: number; inflight: number; delayed: number };
  }

  /** Copies a message into another queue (redrive, move tasks), keeping its id and body. */
  copyInto(target: Queue, row: MessageRow, deadLetterSourceArn: string | null): number {
    const now = this.clock.now();
    const keepSentAt = !target.fifo;
    const inserted = this.tables.insertMessage.run({
      queue_id: target.id,
      message_id: row.message_id,
      body: row.body,
      md5_body: row.md5_body,
      message_attributes: row.message_attributes,
      md5_attributes: row.md5_attributes,
      system_attributes: row.system_attributes,
      md5_system_attributes: row.md5_system_attributes,
      sender_id: row.sender_id,
      sent_at: keepSentAt ? row.sent_at : now,
      expires_at: (keepSentAt ? row.sent_at : now) + numberAttribute(target, 'MessageRetentionPeriod') * 1000,
      visible_at: now,
      group_id: row.group_id,
      dedup_id: row.dedup_id,
      sequence_number: null,
      dlq_source_arn: deadLetterSourceArn,
    });
    return Number(inserted.lastInsertRowid);
  }

  private moveToDeadLetterQueue(queue: Queue, row: MessageRow, targetArn: string): boolean {
    const target = this.registry.findByArn(targetArn);
    if (!target) return false;
    // A dead-lettered message keeps its receive history: its first receive from the DLQ counts on
    // from the receives it had in the source queue.
    const moved = this.copyInto(target, row, queue.arn);
    this.tables.carryReceives.run(row.receive_count, row.first_receive_at, moved);
    this.tables.deleteMessage.run(row.id);
    queueMicrotask(() => this.waiters.notify(target.id));
    return true;
  }

  private decodeFor(queue: Queue, receiptHandle: unknown): { rowId: number; token: string } {
    if (typeof receiptHandle !== 'string' || receiptHandle === '') throw errors.missingParameter('ReceiptHandle');
    const decoded = decodeReceiptHandle(receiptHandle);
    if (!decoded || decoded.queueId !== queue.id) throw errors.receiptHandleIsInvalid(receiptHandle);
    return decoded;
  }
}

/** The system attributes of a stored message, as SQS names them. */
export function systemAttributesOf(row: MessageRow, queue: Queue): Record<string, string> {
  const attributes: Record<string, string> = {
    SenderId: row.sender_id,
    SentTimestamp: String(row.sent_at),
    ApproximateReceiveCount: String(row.receive_count),
    ApproximateFirstReceiveTimestamp: String(row.first_receive_at ?? row.sent_at),
  };
  const system = parseAttributes(row.system_attributes);
  if (system?.AWSTraceHeader?.StringValue) attributes.AWSTraceHeader = system.AWSTraceHeader.StringValue;
  if (row.dlq_source_arn) attributes.DeadLetterQueueSourceArn = row.dlq_source_arn;
  if (queue.fifo) {
    attributes.SequenceNumber = (SEQUENCE_BASE + BigInt(row.id)).toString();
    if (row.dedup_id) attributes.MessageDeduplicationId = row.dedup_id;
  }
  if (row.group_id) attributes.MessageGroupId = row.group_id;
  return attributes;
}

function attributesSize(attributes?: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType);
    size += value.BinaryValue ? value.BinaryValue.length : Buffer.byteLength(value.StringValue ?? '');
  }
  return size;
}

export function serialiseAttributes(attributes?: Record<string, AttributeValue>): string | null {
  if (!attributes || Object.keys(attributes).length === 0) return null;
  const plain: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = {};
  for (const [name, v] of Object.entries(attributes)) {
    plain[name] = {
      DataType: v.DataType,
      ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
      ...(v.BinaryValue ? { BinaryValue: v.BinaryValue.toString('base64') } : {}),
    };
  }
  return JSON.stringify(plain);
}

export function parseAttributes(json: string | null): Record<string, AttributeValue> | undefined {
  if (!json) return undefined;
  const plain = JSON.parse(json) as Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
  const out: Record<string, AttributeValue> = {};
  for (const [name, v] of Object.entries(plain)) {
    out[name] = {
      DataType: v.DataType,
      ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
      ...(v.BinaryValue !== undefined ? { BinaryValue: Buffer.from(v.BinaryValue, 'base64') } : {}),
    };
  }
  return out;
}

const MAX_VISIBILITY_SECONDS = 43_200;

// The token of one receive: random, then the receive time (base 36) after a dot.
function receiptToken(now: number): string {
  return `${randomBase64url(12)}.${now.toString(36)}`;
}

function receivedAtOf(token: string | null): number | undefined {
  const dot = token?.lastIndexOf('.') ?? -1;
  if (dot < 0) return undefined;
  const at = parseInt(token!.slice(dot + 1), 36);
  return Number.isFinite(at) ? at : undefined;
}

// Receipt handles carry the queue, the message row and the token of one receive.
function encodeReceiptHandle(queueId: number, rowId: number, token: string): string {
  return Buffer.from(`tributary:${queueId}:${rowId}:${token}`).toString('base64');
}

function decodeReceiptHandle(handle: string): { queueId: number; rowId: number; token: string } | undefined {
  const parts = Buffer.from(handle, 'base64').toString('utf8').split(':');
  if (parts.length !== 4 || parts[0] !== 'tributary') return undefined;
  const queueId = Number(parts[1]);
  const rowId = Number(parts[2]);
  if (!Number.isInteger(queueId) || !Number.isInteger(rowId)) return undefined;
  return { queueId, rowId, token: parts[3]! };
}
