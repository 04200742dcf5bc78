/**
 * When a schedule fires: its expression in its time zone, from its StartDate (a rate without one
 * starts at once), never after its EndDate. A fire that comes later than its window (the flexible
 * window, or a minute's grace when it is OFF), because Tributary was down, is skipped: the
 * schedule fires at most once on start and then goes on from now, never in a burst.
 */
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

/** Whether a fire due at `dueAt` still happens at `now`. */
export function stillInWindow(spec: ScheduleSpec, dueAt: number, now: number): boolean {
  const window = spec.FlexibleTimeWindow.Mode === 'FLEXIBLE' ? (spec.FlexibleTimeWindow.MaximumWindowInMinutes ?? 0) * 60_000 : 0;
  return now - dueAt <= window + GRACE_MS;
}
