/**
 * How AWS prints a member's value in `Value '...' at`: as Java prints the deserialized request, so
 * a list reads `[a, b]`, a map `{k=v, k2=v2}`, a number `901`, and a missing item `null`.
 */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof JavaDouble) return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${renderValue(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** A number the model declares `double`: Java prints it with a fraction (`2.0`, `-1.0`, `0.5`). */
export class JavaDouble {
  constructor(readonly value: number) {}
  toString(): string {
    return Number.isInteger(this.value) ? this.value.toFixed(1) : String(this.value);
  }
}
