import type { InternalDeps } from '../../internal/route.js';
import type { FunctionSummary } from '../api-types.js';
import { listFunctions } from './functions.js';
import { notFound } from './http.js';

/**
 * The function a path names: a name (the default account and region first, then any) or an ARN
 * (its account and region; a qualifier is ignored).
 */
export function findFunction(deps: InternalDeps, ref: string, stats = new Map()): FunctionSummary {
  const parts = ref.startsWith('arn:') ? ref.split(':') : undefined;
  const name = parts ? (parts[6] ?? '') : ref;
  const candidates = listFunctions(deps.store.db, stats, name);
  const found = parts
    ? candidates.find((f) => f.region === parts[3] && f.accountId === parts[4])
    : (candidates.find((f) => f.accountId === deps.config.defaultAccountId && f.region === deps.config.defaultRegion) ?? candidates[0]);
  if (!found) throw notFound(`Function not found: ${ref}`);
  return found;
}
