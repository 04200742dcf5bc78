/**
 * When a schedule fires: its expression in its time zone, from its StartDate (a rate without one
 * starts at once), never after its EndDate. A fire that comes later than its window (the flexible
 * window, or a minute's grace when it is OFF), because Tributary was down, is skipped: the
 * schedule fires at most once on start and then goes on from now, never in a burst.
 */
import { createHash } from 'node:crypto';
import { nextFire, parseScheduleExpression } from '../../schedules/index.js';
import type { ScheduleSpec } from './spec.js';

const GRACE_MS = 60_000;

export function nextFireOf(spec: ScheduleSpec, afterMs: number, createdAt: number): number | null {
  if (spec.State !== 'ENABLED') return null;
  const expression = parseScheduleExpression(spec.ScheduleExpression, { allowAt: true });
  if (!expression) return null;
  const from = Math.max(afterMs, (spec.StartDate ?? -Infinity) - 1);
  const next = nextFire(expression, {
    afterMs: from,
    anchorMs: spec.StartDate ?? createdAt,
    rateFiresAtAnchor: true,
    zone: spec.ScheduleExpressionTimezone ?? 'UTC',
  });
  if (next === undefined || (spec.EndDate !== undefined && next > spec.EndDate)) return null;
  return next;
}

/**
 * When a fire due at `dueAt` is delivered. With a flexible window AWS invokes the target at some
 * moment within the window; Tributary picks that moment from the schedule and the fire time, so
 * the same fire always lands at the same offset. A fire that is already late goes at once.
 */
export function deliveryTimeOf(spec: ScheduleSpec, scheduleArn: string, dueAt: number, now: number): number {
  if (now > dueAt || spec.FlexibleTimeWindow.Mode !== 'FLEXIBLE') return now;
  const window = (spec.FlexibleTimeWindow.MaximumWindowInMinutes ?? 0) * 60_000;
  if (window <= 0) return now;
  const digest = createHash('sha256').update(`${scheduleArn}@${dueAt}`).digest();
  return dueAt + (digest.readUInt32BE(0) % window);
}

/** Whether a fire due at `dueAt` still happens at `now`. */
export function stillInWindow(spec: ScheduleSpec, dueAt: number, now: number): boolean {
  const window = spec.FlexibleTimeWindow.Mode === 'FLEXIBLE' ? (spec.FlexibleTimeWindow.MaximumWindowInMinutes ?? 0) * 60_000 : 0;
  return now - dueAt <= window + GRACE_MS;
}
