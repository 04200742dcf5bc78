import { FilterError, parseObservationFilter } from '../../observations/filter.js';
import type { ObservationHistory } from '../../observations/history.js';
import type { ObservationPage } from '../api-types.js';
import { ApiError, limitParam } from './http.js';

/** The kept history after `after`, the newest `limit` (default 500) that pass the filters `/_tributary/events` takes. */
export function observationPage(history: ObservationHistory, url: URL): ObservationPage {
  const afterRaw = url.searchParams.get('after');
  const after = afterRaw === null || afterRaw === '' ? undefined : Number(afterRaw);
  if (after !== undefined && (!Number.isInteger(after) || after < 0)) throw new ApiError(400, "'after' must be a sequence number (a non-negative integer).");
  const limit = limitParam(url, 'limit', 500, Math.max(1, history.capacity));
  let filter: ReturnType<typeof parseObservationFilter>;
  try {
    filter = parseObservationFilter(url.searchParams);
  } catch (err) {
    if (err instanceof FilterError) throw new ApiError(400, err.message);
    throw err;
  }
  const matching = history.query({ afterSeq: after, types: filter.types }).filter((o) => filter.matches(o));
  const newest = history.query({ limit: 1 })[0];
  return { observations: matching.slice(-limit), lastSeq: newest?.seq ?? 0 };
}
