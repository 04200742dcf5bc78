import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import type { MessageStore } from './messages.js';
import type { Queue } from './queues.js';
import type { QueueRegistry } from './registry.js';
import type { MessageRow, MoveTaskRow, SqsTables } from './store.js';
import type { Waiters } from './waiters.js';

const UNTHROTTLED_BATCH = 100;

/**
 * DLQ redrive (StartMessageMoveTask): moves the visible messages of a dead-letter queue back to
 * their source queues, or to a chosen destination, in the background; resumes after a restart.
 */
export class MoveTasks {
  private readonly running = new Map<string, { cancel: boolean }>();
  private stopped = false;

  constructor(
    private readonly tables: SqsTables,
    private readonly registry: QueueRegistry,
    private readonly messages: MessageStore,
    private readonly waiters: Waiters,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(source: Queue, destinationArn: string | undefined, maxPerSecond: number | undefined): MoveTaskRow {
    const taskId = randomUUID();
    const toMove = this.messages.counts(source).visible;
    const row = {
      task_id: taskId,
      account_id: source.accountId,
      region: source.region,
      source_arn: source.arn,
      destination_arn: destinationArn ?? null,
      max_per_second: maxPerSecond ?? null,
      status: 'RUNNING',
      to_move: toMove,
      started_at: this.clock.now(),
    };
    this.tables.insertMoveTask.run(row);
    const task = this.tables.moveTaskById.get(taskId) as MoveTaskRow;
    this.run(task);
    return task;
  }

  cancel(task: MoveTaskRow): void {
    const state = this.running.get(task.task_id);
    if (state) state.cancel = true;
    this.tables.updateMoveTask.run('CANCELLING', task.moved, null, task.task_id);
  }

  resume(): void {
    for (const task of this.tables.activeMoveTasks.all() as MoveTaskRow[]) {
      if (task.status === 'CANCELLING') this.tables.updateMoveTask.run('CANCELLED', task.moved, null, task.task_id);
      else this.run(task);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.running.values()) state.cancel = true;
  }

  private run(task: MoveTaskRow): void {
    const state = { cancel: false };
    this.running.set(task.task_id, state);
    let moved = task.moved;
    const finish = (status: string, reason: string | null) => {
      this.running.delete(task.task_id);
      if (!this.stopped) this.tables.updateMoveTask.run(status, moved, reason, task.task_id);
    };
    const loop = async (): Promise<void> => {
      for (;;) {
        if (state.cancel) return finish(this.stopped ? 'RUNNING' : 'CANCELLED', null);
        const source = this.registry.findByArn(task.source_arn);
        if (!source) return finish('FAILED', 'AWS.SimpleQueueService.NonExistentQueue');
        const batch = task.max_per_second ? 1 : UNTHROTTLED_BATCH;
        const rows = this.tables.visibleMessages.all(source.id, this.clock.now(), batch) as MessageRow[];
        if (rows.length === 0) return finish('COMPLETED', null);
        for (const row of rows) {
          const target = this.registry.findByArn(task.destination_arn ?? row.dlq_source_arn ?? '');
          if (!target) return finish('FAILED', 'AWS.SimpleQueueService.NonExistentQueue');
          this.tables.db.transaction(() => {
            this.messages.copyInto(target, row, null);
            this.tables.deleteMessage.run(row.id);
          })();
          this.waiters.notify(target.id);
          moved++;
        }
        this.tables.updateMoveTask.run('RUNNING', moved, null, task.task_id);
        if (task.max_per_second) await this.clock.sleep(1000 / task.max_per_second);
        else await new Promise((resolve) => setImmediate(resolve));
      }
    };
    loop().catch((err) => {
      this.logger.error(`sqs move task ${task.task_id} failed: ${err instanceof Error ? err.message : err}`);
      finish('FAILED', 'InternalError');
    });
  }
}

export function encodeTaskHandle(task: Pick<MoveTaskRow, 'task_id' | 'source_arn'>): string {
  return Buffer.from(JSON.stringify({ taskId: task.task_id, sourceArn: task.source_arn })).toString('base64');
}

export function decodeTaskHandle(handle: string): { taskId: string; sourceArn: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(handle, 'base64').toString('utf8')) as { taskId?: unknown; sourceArn?: unknown };
    if (typeof parsed.taskId === 'string' && typeof parsed.sourceArn === 'string') return { taskId: parsed.taskId, sourceArn: parsed.sourceArn };
  } catch {
    // not a handle
  }
  return undefined;
}
