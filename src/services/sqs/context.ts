import type { Clock } from '../../clock.js';
import type { Observations } from '../../observations/bus.js';
import type { RequestContext } from '../../server/request-context.js';
import type { MessageStore } from './messages.js';
import type { MoveTasks } from './move-tasks.js';
import type { QueueRegistry } from './registry.js';
import type { SqsTables } from './store.js';
import type { Waiters } from './waiters.js';

/** What every SQS operation works with. */
export interface SqsEnv {
  tables: SqsTables;
  registry: QueueRegistry;
  messages: MessageStore;
  waiters: Waiters;
  moveTasks: MoveTasks;
  clock: Clock;
  /** Where `message.sent` goes. */
  observations: Observations;
  /** Answers of recent FIFO receives by `<queue id>:<ReceiveRequestAttemptId>`. */
  receiveAttempts: Map<string, { at: number; output: Record<string, unknown> }>;
  /** When each queue (`<account>/<region>/<name>`) was last deleted, while its name is still held. */
  deletedAt: Map<string, number>;
  /** How long a deleted queue's name stays held, in ms (0: not at all). */
  recreateWaitMs: number;
}

/** One call: who is calling, how (JSON or query), and what the HTTP request carried. */
export interface SqsCall {
  ctx: RequestContext;
  /** True for the query protocol (a few messages differ). */
  query: boolean;
  /** `http://<host>` as the client called it, for queue URLs. */
  baseUrl: string;
  /** `X-Amzn-Trace-Id` of the request. */
  traceHeader?: string;
  /** Aborts when the client goes away (ends long polls). */
  signal?: AbortSignal;
}

export type SqsInput = Record<string, unknown>;
export type SqsOutput = Record<string, unknown> | undefined;
export type SqsOperation = (env: SqsEnv, input: SqsInput, call: SqsCall) => Promise<SqsOutput> | SqsOutput;
