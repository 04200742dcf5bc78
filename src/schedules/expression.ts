/**
 * Schedule expressions, parsed once for EventBridge rules (`rate`, `cron`) and EventBridge
 * Scheduler (`rate`, `cron`, `at`), and the next time each names.
 */
import { type CronFields, nextCron, parseCron } from './cron.js';
import { instantOf, type WallTime } from './zone.js';

export type ScheduleExpression =
  | { kind: 'rate'; periodMs: number; text: string }
  | { kind: 'cron'; fields: CronFields; text: string }
  | { kind: 'at'; wall: WallTime; text: string };

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * The expression, or undefined when AWS refuses it. `rate(1 minute)` is singular and
 * `rate(5 minutes)` plural: AWS accepts no other combination.
 */
export function parseScheduleExpression(text: string, options: { allowAt?: boolean } = {}): ScheduleExpression | undefined {
  const m = /^(rate|cron|at)\((.*)\)$/s.exec(text);
  if (!m) return undefined;
  const body = m[2]!;
  switch (m[1]) {
    case 'rate': {
      const r = /^(\d+) (minute|hour|day)(s?)$/.exec(body);
      if (!r) return undefined;
      const value = Number(r[1]);
      if (!Number.isSafeInteger(value) || value < 1) return undefined;
      if ((value === 1) !== (r[3] === '')) return undefined;
      return { kind: 'rate', periodMs: value * UNIT_MS[r[2]!]!, text };
    }
    case 'cron': {
      const fields = parseCron(body);
      return fields ? { kind: 'cron', fields, text } : undefined;
    }
    case 'at': {
      if (!options.allowAt) return undefined;
      const wall = parseWallTime(body);
      return wall ? { kind: 'at', wall, text } : undefined;
    }
  }
  return undefined;
}

/** `yyyy-mm-ddThh:mm:ss`, a real calendar time. */
export function parseWallTime(text: string): WallTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second };
}

export interface NextFireOptions {
  /** Strictly after this instant. */
  afterMs: number;
  /** Rates count from here (the rule's or schedule's start); the first fire is one period later unless `rateFiresAtAnchor`. */
  anchorMs: number;
  /** Scheduler's rate schedules first fire at their start; EventBridge rules one period after. */
  rateFiresAtAnchor?: boolean;
  zone?: string;
}

/** The next instant the expression fires after `afterMs`, or undefined when it never will again. */
export function nextFire(expression: ScheduleExpression, options: NextFireOptions): number | undefined {
  const zone = options.zone ?? 'UTC';
  switch (expression.kind) {
    case 'rate': {
      const { periodMs } = expression;
      const first = options.anchorMs + (options.rateFiresAtAnchor ? 0 : periodMs);
      if (first > options.afterMs) return first;
      const periods = Math.floor((options.afterMs - first) / periodMs) + 1;
      return first + periods * periodMs;
    }
    case 'cron':
      return nextCron(expression.fields, options.afterMs, zone);
    case 'at': {
      const at = atInstant(expression.wall, zone);
      return at > options.afterMs ? at : undefined;
    }
  }
}

/** The instant of a one-time schedule; a wall time in a spring-forward gap counts from the offset after it. */
export function atInstant(wall: WallTime, zone: string): number {
  const exact = instantOf(wall, zone);
  if (exact !== undefined) return exact;
  const later = instantOf({ ...wall, hour: Math.min(wall.hour + 1, 23) }, zone);
  return later ?? Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}
