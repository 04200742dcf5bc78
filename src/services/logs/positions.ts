/**
 * Where an event sits in a stream or group: `(timestamp, id)`, written as 56 digits the way AWS
 * writes event ids and GetLogEvents tokens (`f/<56 digits>`, `b/<56 digits>`).
 */
export interface EventPosition {
  timestamp: number;
  id: number;
}

export function positionDigits(p: EventPosition): string {
  return String(Math.max(0, p.timestamp)).padStart(20, '0') + String(p.id).padStart(36, '0');
}

export function parsePositionDigits(digits: string): EventPosition | undefined {
  if (!/^\d{56}$/.test(digits)) return undefined;
  return { timestamp: Number(digits.slice(0, 20)), id: Number(digits.slice(20)) };
}
