/**
 * AWS's six-field cron (`Minutes Hours Day-of-month Month Day-of-week Year`) as EventBridge rules
 * and EventBridge Scheduler read it: `, - * /` everywhere, `?` in exactly one of the day fields,
 * `L` and `W` in day-of-month, `L` and `#` in day-of-week (1 = SUN), month and weekday names.
 */
import { instantOf, wallTimeOf } from './zone.js';

export interface CronFields {
  minutes: readonly number[];
  hours: readonly number[];
  months: ReadonlySet<number>;
  years: ReadonlySet<number>;
  dayOfMonth: DayOfMonth;
  dayOfWeek: DayOfWeek;
}

type DayOfMonth =
  | { kind: 'any' }
  | { kind: 'set'; days: ReadonlySet<number> }
  | { kind: 'last' }
  | { kind: 'last-weekday' }
  | { kind: 'nearest-weekday'; day: number };
type DayOfWeek = { kind: 'any' } | { kind: 'set'; days: ReadonlySet<number> } | { kind: 'last-of'; day: number } | { kind: 'nth'; day: number; nth: number };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MIN_YEAR = 1970;
const MAX_YEAR = 2199;

interface Range {
  min: number;
  max: number;
  names?: readonly string[];
}

const MINUTE: Range = { min: 0, max: 59 };
const HOUR: Range = { min: 0, max: 23 };
const DOM: Range = { min: 1, max: 31 };
const MONTH: Range = { min: 1, max: 12, names: MONTHS };
const DOW: Range = { min: 1, max: 7, names: WEEKDAYS };
const YEAR: Range = { min: MIN_YEAR, max: MAX_YEAR };

/** The fields of `cron(...)`'s inside, or undefined when AWS would refuse them. */
export function parseCron(body: string): CronFields | undefined {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) return undefined;
  const [min, hour, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  // One of the two day fields is `?`, never both and never neither.
  if ((dom === '?') === (dow === '?')) return undefined;
  const minutes = values(min, MINUTE);
  const hours = values(hour, HOUR);
  const months = values(month, MONTH);
  const years = values(year, YEAR);
  const dayOfMonth = dom === '?' ? ({ kind: 'any' } as const) : parseDayOfMonth(dom);
  const dayOfWeek = dow === '?' ? ({ kind: 'any' } as const) : parseDayOfWeek(dow);
  if (!minutes || !hours || !months || !years || !dayOfMonth || !dayOfWeek) return undefined;
  return { minutes, hours, months: new Set(months), years: new Set(years), dayOfMonth, dayOfWeek };
}

function parseDayOfMonth(field: string): DayOfMonth | undefined {
  if (field === 'L') return { kind: 'last' };
  if (field === 'LW') return { kind: 'last-weekday' };
  const w = /^(\d{1,2})W$/.exec(field);
  if (w) {
    const day = Number(w[1]);
    return day >= 1 && day <= 31 ? { kind: 'nearest-weekday', day } : undefined;
  }
  const days = values(field, DOM);
  return days ? { kind: 'set', days: new Set(days) } : undefined;
}

function parseDayOfWeek(field: string): DayOfWeek | undefined {
  if (field === 'L') return { kind: 'set', days: new Set([7]) };
  const last = /^([A-Za-z]{3}|\d)L$/.exec(field);
  if (last) {
    const day = single(last[1]!, DOW);
    return day === undefined ? undefined : { kind: 'last-of', day };
  }
  const nth = /^([A-Za-z]{3}|\d)#(\d)$/.exec(field);
  if (nth) {
    const day = single(nth[1]!, DOW);
    const n = Number(nth[2]);
    return day === undefined || n < 1 || n > 5 ? undefined : { kind: 'nth', day, nth: n };
  }
  const days = values(field, DOW);
  return days ? { kind: 'set', days: new Set(days) } : undefined;
}

/** A list of `*`, `a`, `a-b`, with an optional `/step`; sorted distinct values, or undefined. */
function values(field: string, range: Range): number[] | undefined {
  const out = new Set<number>();
  for (const term of field.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(term);
    if (!m) return undefined;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return undefined;
    let from: number;
    let to: number;
    if (m[1] === '*') {
      from = range.min;
      to = range.max;
    } else {
      const bounds = m[1]!.split('-');
      if (bounds.length > 2) return undefined;
      const a = single(bounds[0]!, range);
      const b = bounds.length === 2 ? single(bounds[1]!, range) : m[2] === undefined ? a : range.max;
      if (a === undefined || b === undefined) return undefined;
      from = a;
      // A range that wraps (`FRI-MON`, `22-2`) runs through the end of the field to its start.
      to = b >= a ? b : b + (range.max - range.min + 1);
    }
    for (let v = from; v <= to; v += step) out.add(v > range.max ? v - (range.max - range.min + 1) : v);
  }
  return [...out].sort((x, y) => x - y);
}

function single(text: string, range: Range): number | undefined {
  if (/^\d+$/.test(text)) {
    const v = Number(text);
    return v >= range.min && v <= range.max ? v : undefined;
  }
  const index = range.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? range.min + index : undefined;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 = Sunday ... 7 = Saturday, as cron counts. */
const weekdayOf = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

function dayMatches(f: CronFields, year: number, month: number, day: number): boolean {
  const last = daysIn(year, month);
  const weekday = weekdayOf(year, month, day);
  const dom = f.dayOfMonth;
  switch (dom.kind) {
    case 'set':
      if (!dom.days.has(day)) return false;
      break;
    case 'last':
      if (day !== last) return false;
      break;
    case 'last-weekday': {
      const lastWeekday = weekdayOf(year, month, last);
      const target = lastWeekday === 1 ? last - 2 : lastWeekday === 7 ? last - 1 : last;
      if (day !== target) return false;
      break;
    }
    case 'nearest-weekday': {
      if (dom.day > last) return false;
      const wd = weekdayOf(year, month, dom.day);
      // Saturday moves to Friday and Sunday to Monday, never across the month's edge.
      let target = dom.day;
      if (wd === 7) target = dom.day === 1 ? 3 : dom.day - 1;
      else if (wd === 1) target = dom.day === last ? dom.day - 2 : dom.day + 1;
      if (day !== target) return false;
      break;
    }
    case 'any':
      break;
  }
  const dow = f.dayOfWeek;
  switch (dow.kind) {
    case 'set':
      return dow.days.has(weekday);
    case 'last-of':
      return weekday === dow.day && day + 7 > last;
    case 'nth':
      return weekday === dow.day && Math.ceil(day / 7) === dow.nth;
    case 'any':
      return true;
  }
}

/**
 * The first instant strictly after `afterMs` the fields name in `zone`. Wall times in a
 * spring-forward gap are skipped and a repeated fall-back hour fires once, as Scheduler does.
 */
export function nextCron(f: CronFields, afterMs: number, zone = 'UTC'): number | undefined {
  const start = wallTimeOf(afterMs, zone);
  let year = start.year;
  let month = start.month;
  let day = start.day;
  for (let guard = 0; guard < 200_000; guard++) {
    if (year > MAX_YEAR) return undefined;
    if (!f.years.has(year)) {
      year += 1;
      month = 1;
      day = 1;
      continue;
    }
    if (!f.months.has(month)) {
      month += 1;
      day = 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
      continue;
    }
    if (day <= daysIn(year, month) && dayMatches(f, year, month, day)) {
      for (const hour of f.hours) {
        for (const minute of f.minutes) {
          const at = instantOf({ year, month, day, hour, minute, second: 0 }, zone);
          if (at !== undefined && at > afterMs) return at;
        }
      }
    }
    day += 1;
    if (day > daysIn(year, month)) {
      day = 1;
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
  }
  return undefined;
}
