import type { EventsOperation } from '../context.js';
import { type PutEntry, putEvents as put } from '../put-events.js';

export const putEvents: EventsOperation = async (env, input, ctx) => {
  const results = put(env, ctx, input.Entries as PutEntry[]);
  const failed = results.filter((r) => r.errorCode !== undefined).length;
  return {
    FailedEntryCount: failed,
    Entries: results.map((r) => (r.errorCode !== undefined ? { ErrorCode: r.errorCode, ErrorMessage: r.errorMessage } : { EventId: r.eventId })),
  };
};
