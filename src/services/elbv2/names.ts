import { validationError } from './errors.js';

/** Load balancer and target group names: up to 32 alphanumerics and hyphens, no hyphen at either end. */
export function checkName(given: string | undefined, what: 'Load balancer' | 'Target group'): string {
  const name = given ?? '';
  if (name.length > 32) throw validationError(`${what} name '${name}' cannot be longer than '32' characters`);
  if (!/^[a-zA-Z0-9-]+$/.test(name)) throw validationError(`${what} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith('-') || name.endsWith('-')) throw validationError(`${what} name '${name}' cannot begin or end with '-'`);
  if (what === 'Load balancer' && name.toLowerCase().startsWith('internal-'))
    throw validationError(`Load balancer name '${name}' cannot begin with 'internal-'`);
  return name;
}
