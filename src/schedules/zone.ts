/**
 * Wall-clock time in an IANA time zone, through Node's Intl data: the offset of a zone at an
 * instant, and the instant of a local wall time (undefined in a spring-forward gap).
 */
export interface WallTime {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when Intl knows the zone (`America/New_York`, `UTC`, `Etc/GMT+5`, ...). */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall time of an instant in a zone. */
export function wallTimeOf(ms: number, zone: string): WallTime {
  if (zone === 'UTC') {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** Milliseconds to add to UTC to get the zone's wall time at that instant. */
export function offsetAt(ms: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const w = wallTimeOf(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant a wall time names in a zone. In a fall-back overlap it is the first (earlier)
 * instant; in a spring-forward gap there is none and the result is undefined.
 */
export function instantOf(w: WallTime, zone: string): number | undefined {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  if (zone === 'UTC') return asUtc;
  const candidates = new Set<number>();
  for (const probe of [asUtc - 14 * 3_600_000, asUtc, asUtc + 14 * 3_600_000]) candidates.add(asUtc - offsetAt(probe, zone));
  const matching = [...candidates].filter((t) => t + offsetAt(t, zone) === asUtc).sort((a, b) => a - b);
  return matching[0];
}
