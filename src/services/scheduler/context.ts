import type { Clock } from '../../clock.js';
import { AwsError } from '../../protocols/aws-error.js';
import { constraint, validationMessage } from '../../protocols/constraints.js';
import type { ScheduleRunner } from './runner.js';
import type { SchedulerStore } from './store.js';

export interface SchedulerEnv {
  store: SchedulerStore;
  clock: Clock;
  runner: ScheduleRunner;
}

export const validation = (message: string) => new AwsError('ValidationException', message, 400);
export const notFound = (message: string) => new AwsError('ResourceNotFoundException', message, 404);
export const conflict = (message: string) => new AwsError('ConflictException', message, 409);

/** A JSON body, `{}` when empty; malformed JSON is a ValidationException. */
export function jsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through
  }
  throw validation('Malformed request body.');
}

/** REST-JSON timestamps are epoch seconds. */
export function timestampMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string') {
    const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    return Number.isNaN(parsed) ? undefined : Math.round(parsed);
  }
  return undefined;
}

export const seconds = (ms: number) => ms / 1000;

export function page<T>(query: URLSearchParams, items: readonly T[]): { items: T[]; NextToken?: string } {
  const token = query.get('NextToken');
  const offset = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw validation('Invalid NextToken.');
  const max = Number(query.get('MaxResults') ?? 100);
  if (!Number.isInteger(max) || max < 1 || max > 100)
    throw validation(validationMessage([{ at: 'maxResults', value: query.get('MaxResults'), constraint: constraint.valueBetween(1, 100) }]));
  const slice = items.slice(offset, offset + max);
  return offset + max < items.length ? { items: slice, NextToken: Buffer.from(String(offset + max)).toString('base64url') } : { items: slice };
}
