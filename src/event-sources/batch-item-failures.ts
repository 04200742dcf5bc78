/**
 * Reading a `ReportBatchItemFailures` response (AWS: "Handling errors for an SQS event source in Lambda"). Success: an empty or null response,
 * `{}`, `[]`, `""`, or a null or empty `batchItemFailures`. Complete failure: anything else that
 * is not a list of `{"itemIdentifier": <id of a record in the batch>}`.
 */
export type BatchItemOutcome = { kind: 'failed-items'; ids: Set<string> } | { kind: 'batch-failed'; reason: string };

export function readBatchItemFailures(payload: Buffer, batchIds: ReadonlySet<string>): BatchItemOutcome {
  const text = payload.toString('utf8').trim();
  if (text === '') return { kind: 'failed-items', ids: new Set() };
  let response: unknown;
  try {
    response = JSON.parse(text);
  } catch {
    return { kind: 'batch-failed', reason: 'response is not JSON' };
  }
  if (response === null || response === '') return { kind: 'failed-items', ids: new Set() };
  if (Array.isArray(response)) {
    return response.length === 0 ? { kind: 'failed-items', ids: new Set() } : { kind: 'batch-failed', reason: 'response is a list' };
  }
  if (typeof response !== 'object') return { kind: 'batch-failed', reason: 'response is not an object' };
  const failures = (response as Record<string, unknown>).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'failed-items', ids: new Set() };
  if (!Array.isArray(failures)) return { kind: 'batch-failed', reason: 'batchItemFailures is not a list' };
  const ids = new Set<string>();
  for (const item of failures) {
    const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '' || !batchIds.has(id)) {
      return { kind: 'batch-failed', reason: `invalid itemIdentifier ${JSON.stringify(id ?? null)}` };
    }
    ids.add(id);
  }
  return { kind: 'failed-items', ids };
}
