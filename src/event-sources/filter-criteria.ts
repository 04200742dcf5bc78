/** `FilterCriteria` of a mapping request: AWS answers its own rules with InvalidParameterValueException. */
import { patternProblem } from '../patterns/index.js';
import { invalidParameter } from './errors.js';
import type { MappingRequest } from './request.js';

export const MAX_FILTERS = 5;
export const MAX_PATTERN_LENGTH = 4096;

/** The filters of a request: undefined when absent, [] when cleared, validated otherwise. */
export function filtersOf(req: MappingRequest): { Pattern: string }[] | undefined {
  if (!('FilterCriteria' in req)) return undefined;
  const criteria = req.FilterCriteria as { Filters?: { Pattern?: unknown }[] | null } | null | undefined;
  const filters = criteria?.Filters ?? [];
  if (!Array.isArray(filters)) throw invalidParameter('Invalid filter pattern definition.');
  if (filters.length > MAX_FILTERS) {
    throw invalidParameter(`The total number of filters (${filters.length}) exceeds the maximum number of filters allowed (${MAX_FILTERS}).`);
  }
  return filters.map((f) => {
    const pattern = f?.Pattern;
    if (typeof pattern !== 'string' || pattern.length > MAX_PATTERN_LENGTH || patternProblem(pattern) !== undefined) {
      throw invalidParameter('Invalid filter pattern definition.');
    }
    return { Pattern: pattern };
  });
}
