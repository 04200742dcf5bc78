/** How one delivery attempt ended. */
export type AttemptOutcome =
  | { kind: 'delivered'; status?: number }
  /** The endpoint refused or is gone (4xx, deleted queue or function): AWS does not retry; the DLQ takes it. */
  | { kind: 'client-error'; error: string; status?: number }
  /** The endpoint failed (5xx, connection refused, timeout, throttled): retried by the delivery policy. */
  | { kind: 'server-error'; error: string; status?: number };

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
