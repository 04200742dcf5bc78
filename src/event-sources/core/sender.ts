/**
 * The core's sender: runs one batch through the function gateway and reports the outcome. It
 * acknowledges nothing (the source's Acknowledger does). A throttled or not-yet-invocable batch
 * is invoked again with backoff until the source's retry deadline; each try is a new attempt of the
 * same batch.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { FunctionGateway, GatewayInvokeRequest, GatewayOutcome } from '../../gateway/types.js';
import type { CorrelationIds } from '../../observations/types.js';

const RETRY_BACKOFF_MS = 50;
const RETRY_BACKOFF_MAX_MS = 1_000;

export interface BatchSend {
  function: GatewayInvokeRequest['function'];
  payload: Buffer;
  traceHeader?: string;
  causeSource: string;
  /** The batch's ids; `attempt` is set per try. */
  ids: CorrelationIds;
  /** Clock ms after which a throttled batch is not tried again. */
  retryUntil: number;
  /** Ends retries when the mapping stops. */
  signal?: AbortSignal;
}

export interface SentBatch {
  outcome: GatewayOutcome;
  /** The last attempt made (1 for the first). */
  attempt: number;
}

/** `gateway` is read at each try (a port may be replaced while a mapping runs). */
export async function sendBatch(deps: { gateway: FunctionGateway; clock: Clock }, send: BatchSend): Promise<SentBatch> {
  let attempt = 1;
  const invoke = () =>
    deps.gateway.invoke({
      function: send.function,
      requestId: randomUUID(),
      payload: send.payload,
      traceHeader: send.traceHeader,
      cause: { source: send.causeSource, ids: { ...send.ids, attempt } },
    });
  let outcome = await invoke();
  for (let delay = RETRY_BACKOFF_MS; retryable(outcome) && deps.clock.now() + delay <= send.retryUntil; delay = Math.min(delay * 2, RETRY_BACKOFF_MAX_MS)) {
    try {
      await deps.clock.sleep(delay, send.signal);
    } catch {
      break;
    }
    attempt++;
    outcome = await invoke();
  }
  return { outcome, attempt };
}

function retryable(outcome: GatewayOutcome): boolean {
  return outcome.kind === 'throttled' || outcome.kind === 'not-invocable';
}
