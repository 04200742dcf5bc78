import { matchesPattern } from '../../../patterns/index.js';
import { type EventsOperation, validation } from '../context.js';
import { checkEventPattern } from './rules.js';

/** The members TestEventPattern requires of the sample event. */
const REQUIRED = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

export const testEventPattern: EventsOperation = async (env, input) => {
  const pattern = input.EventPattern as string;
  checkEventPattern(pattern);
  let event: unknown;
  try {
    event = JSON.parse(input.Event as string);
  } catch {
    throw validation('Parameter Event is not valid.');
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) throw validation('Parameter Event is not valid.');
  for (const member of REQUIRED) if (!Object.hasOwn(event, member)) throw validation('Parameter Event is not valid.');
  return { Result: matchesPattern(env.router.compiled(pattern), event) };
};
