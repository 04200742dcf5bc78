import { errors } from './errors.js';
import type { Queue } from './queues.js';
import { policyAllows } from '../../auth/resource-policy.js';
import { parseQueueArn, parseQueueUrl, queueArn, queueFromRow } from './queues.js';
import type { QueueRow, SqsTables } from './store.js';

/** Queues by name and id, read through an in-memory cache (only this process writes them). */
export class QueueRegistry {
  private readonly byKey = new Map<string, Queue>();
  private readonly byId = new Map<number, Queue>();

  constructor(private readonly tables: SqsTables) {}

  find(accountId: string, region: string, name: string): Queue | undefined {
    const key = `${accountId}\u0000${region}\u0000${name}`;
    const cached = this.byKey.get(key);
    if (cached) return cached;
    const row = this.tables.queueByName.get(accountId, region, name) as QueueRow | undefined;
    return row ? this.remember(queueFromRow(row)) : undefined;
  }

  findById(id: number): Queue | undefined {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = this.tables.queueById.get(id) as QueueRow | undefined;
    return row ? this.remember(queueFromRow(row)) : undefined;
  }

  findByArn(arn: string): Queue | undefined {
    const parsed = parseQueueArn(arn);
    return parsed ? this.find(parsed.accountId, parsed.region, parsed.name) : undefined;
  }

  /** The queue a `QueueUrl` names, in the caller's region unless the URL carries one. */
  resolveUrl(url: unknown, caller: { accountId: string; region: string; enforceAuth?: boolean; operation?: string }, query = false): Queue {
    if (typeof url !== 'string' || url === '') throw errors.missingParameter('QueueUrl');
    const parsed = parseQueueUrl(url);
    if (!parsed) throw errors.queueDoesNotExist(query);
    const queue = this.find(parsed.accountId ?? caller.accountId, parsed.region ?? caller.region, parsed.name);
    if (!queue) throw errors.queueDoesNotExist(query);
    if (caller.enforceAuth && queue.accountId !== caller.accountId) checkQueuePolicy(queue, caller);
    return queue;
  }

  list(accountId: string, region: string): Queue[] {
    return (this.tables.queuesOf.all(accountId, region) as QueueRow[]).map((row) => this.findById(row.id) ?? queueFromRow(row));
  }

  all(): Queue[] {
    return (this.tables.allQueues.all() as QueueRow[]).map((row) => this.findById(row.id) ?? queueFromRow(row));
  }

  /** Re-reads a queue after its row changed. */
  refresh(id: number): Queue | undefined {
    this.forget(id);
    return this.findById(id);
  }

  forget(id: number): void {
    const queue = this.byId.get(id);
    this.byId.delete(id);
    if (queue) this.byKey.delete(`${queue.accountId}\u0000${queue.region}\u0000${queue.name}`);
  }

  private remember(queue: Queue): Queue {
    this.byId.set(queue.id, queue);
    this.byKey.set(`${queue.accountId}\u0000${queue.region}\u0000${queue.name}`, queue);
    return queue;
  }
}

/** The action a batch operation needs is its single-message action's. */
const ACTION_OF: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

/** Under `--enforce-auth`, another account's queue is reachable only as far as its Policy attribute allows. */
function checkQueuePolicy(queue: Queue, caller: { accountId: string; operation?: string }): void {
  const operation = caller.operation ?? 'Unknown';
  const action = `sqs:${ACTION_OF[operation] ?? operation}`;
  if (policyAllows(queue.attributes.Policy, { action, accountId: caller.accountId, resourceArn: queueArn(queue.region, queue.accountId, queue.name) })) return;
  throw errors.accessDenied();
}
