/**
 * Tumbling windows (TumblingWindowInSeconds): windows are aligned to record arrival time; every
 * invocation of a window carries its bounds and the state the previous one returned, and a final
 * invocation (`isFinalInvokeForWindow`) closes it. State is limited to 1 MB; past that the window
 * ends early (`isWindowTerminatedEarly`).
 */
export const MAX_STATE_BYTES = 1024 * 1024;

export interface OpenWindow {
  start: number;
  state: unknown;
}

export function windowStartOf(arrivalMs: number, windowMs: number): number {
  return Math.floor(arrivalMs / windowMs) * windowMs;
}

/** ISO text without milliseconds, as AWS writes window bounds. */
function boundText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The members a tumbling window adds to the payload after `Records`. */
export function windowMembers(
  start: number,
  windowMs: number,
  state: unknown,
  shardId: string,
  streamArn: string,
  final: boolean,
  terminatedEarly: boolean,
): Record<string, unknown> {
  return {
    window: { start: boundText(start), end: boundText(start + windowMs) },
    state: state ?? {},
    shardId,
    eventSourceARN: streamArn,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: terminatedEarly,
  };
}

/** The `state` of a tumbling window response; undefined when the response has none (a failed batch, as AWS counts it). */
export function stateOf(payload: Buffer): { state: unknown } | undefined {
  try {
    const response = JSON.parse(payload.toString('utf8')) as unknown;
    if (response === null || typeof response !== 'object' || Array.isArray(response) || !('state' in response)) return undefined;
    return { state: (response as { state: unknown }).state };
  } catch {
    return undefined;
  }
}
