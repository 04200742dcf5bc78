import { type CompiledPattern, compilePattern, matchesPattern, PatternError } from '../../patterns/index.js';
import { errors } from './errors.js';
import { attributesForFiltering, type SnsAttribute } from './message-attributes.js';

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;

/**
 * Checks a subscription's FilterPolicy with SNS's own limits on top of the shared pattern language:
 * at most 5 keys (parent keys of a nested policy), at most 150 value combinations (the product of
 * the value lists, times the nesting depth), and no nesting in the MessageAttributes scope.
 */
export function checkFilterPolicy(text: string, scope: FilterPolicyScope): void {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    throw errors.invalidParameter('Invalid parameter: FilterPolicy: failed to parse JSON.');
  }
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy))
    throw errors.invalidParameter('Invalid parameter: FilterPolicy: Filter policy must be a JSON object');
  let combinations = 1;
  const walk = (node: Record<string, unknown>, depth: number): void => {
    for (const [key, value] of Object.entries(node)) {
      if (Array.isArray(value)) {
        if (key === '$or')
          for (const alternative of value) if (alternative && typeof alternative === 'object') walk(alternative as Record<string, unknown>, depth + 1);
        combinations *= Math.max(1, value.length) * depth;
      } else if (value !== null && typeof value === 'object') {
        if (scope === 'MessageAttributes')
          throw errors.invalidParameter('Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy');
        walk(value as Record<string, unknown>, depth + 1);
      } else {
        throw errors.invalidParameter(`Invalid parameter: FilterPolicy: "${key}" must be an object or an array`);
      }
    }
  };
  if (Object.keys(policy).length > MAX_KEYS) throw errors.invalidParameter('Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys');
  walk(policy as Record<string, unknown>, 1);
  if (combinations > MAX_COMBINATIONS) throw errors.invalidParameter('Invalid parameter: FilterPolicy: Filter policy is too complex');
  try {
    compilePattern(policy);
  } catch (err) {
    if (err instanceof PatternError) throw errors.invalidParameter(`Invalid parameter: FilterPolicy: ${err.message}`);
    throw err;
  }
}

const compiled = new Map<string, CompiledPattern>();

/** Whether a message passes the policy: on its attributes, or on its JSON body (a body that is not JSON never matches). */
export function passesFilter(policy: string, scope: FilterPolicyScope, message: string, attributes: Readonly<Record<string, SnsAttribute>>): boolean {
  let pattern = compiled.get(policy);
  if (!pattern) {
    pattern = compilePattern(policy);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(policy, pattern);
  }
  if (scope === 'MessageAttributes') return matchesPattern(pattern, attributesForFiltering(attributes));
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return false;
  }
  return matchesPattern(pattern, body);
}
