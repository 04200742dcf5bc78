import type { Ports } from '../../contracts.js';
import type { InvocationRecord } from '../invocation-record.js';

export interface DestinationContext {
  ports: Ports;
  nowMs: number;
  /** Trace header of the event, passed on so loop detection follows the chain. */
  traceHeader?: string;
  /** Function name, for S3 object keys. */
  functionName: string;
}

/** Sends an invocation record to one kind of destination; throws when delivery fails. */
export interface DestinationSender {
  /** Human name for logs. */
  readonly kind: string;
  /** Whether the service accepts records on success (S3 takes failures only). */
  readonly onSuccess: boolean;
  /** Whether the target exists, when it can be known; undefined when its service is absent. */
  exists(arn: string, ports: Ports, accountId: string): boolean | undefined;
  send(arn: string, record: InvocationRecord, context: DestinationContext): Promise<void>;
}
