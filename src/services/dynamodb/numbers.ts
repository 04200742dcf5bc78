/**
 * DynamoDB numbers: decimal, up to 38 significant digits, magnitudes from 1E-130 to below 1E+126.
 * Kept as text in the normalised form DynamoDB returns (`1.50` → `1.5`, `1e2` → `100`), compared
 * and added exactly (never through a float).
 */
import { AwsError } from '../../protocols/aws-error.js';

/** value = digits × 10^exponent; digits has no trailing zeros (zero is digits 0n, exponent 0). */
export interface Decimal {
  negative: boolean;
  digits: bigint;
  exponent: number;
}

const NUMBER = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

/** Parses and checks a number as DynamoDB does; throws AWS's ValidationException. */
export function parseNumber(text: string): Decimal {
  const m = NUMBER.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) throw validation(`The parameter cannot be converted to a numeric value: ${text}`);
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  let digitText = (whole + fraction).replace(/^0+/, '');
  let exponent = Number(m[4] ?? '0') - fraction.length;
  if (digitText === '') return { negative: false, digits: 0n, exponent: 0 };
  const trailing = /0*$/.exec(digitText)![0].length;
  if (trailing > 0) {
    digitText = digitText.slice(0, digitText.length - trailing);
    exponent += trailing;
  }
  if (digitText.length > 38) throw validation('Attempting to store more than 38 significant digits in a Number');
  const magnitude = digitText.length + exponent; // value < 10^magnitude, >= 10^(magnitude-1)
  if (magnitude > 126) throw validation('Number overflow. Attempting to store a number with magnitude larger than supported range');
  if (magnitude - 1 < -130) throw validation('Number underflow. Attempting to store a number with magnitude smaller than supported range');
  return { negative: m[1] === '-', digits: BigInt(digitText), exponent };
}

export function formatDecimal(d: Decimal): string {
  if (d.digits === 0n) return '0';
  const digits = d.digits.toString();
  let out: string;
  if (d.exponent >= 0) out = digits + '0'.repeat(d.exponent);
  else {
    const point = digits.length + d.exponent;
    out = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
  }
  return d.negative ? `-${out}` : out;
}

export function normaliseNumber(text: string): string {
  return formatDecimal(parseNumber(text));
}

function signed(d: Decimal): bigint {
  return d.negative ? -d.digits : d.digits;
}

function fromSigned(value: bigint, exponent: number): Decimal {
  const negative = value < 0n;
  let digits = negative ? -value : value;
  if (digits === 0n) return { negative: false, digits: 0n, exponent: 0 };
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent += 1;
  }
  return { negative, digits, exponent };
}

/** a + b (or a − b), checked against DynamoDB's precision and range. */
export function addNumbers(a: string, b: string, subtract = false): string {
  const x = parseNumber(a);
  const y = parseNumber(b);
  const exponent = Math.min(x.exponent, y.exponent);
  const scale = (d: Decimal) => signed(d) * 10n ** BigInt(d.exponent - exponent);
  const sum = fromSigned(scale(x) + (subtract ? -scale(y) : scale(y)), exponent);
  return normaliseNumber(formatDecimal(sum));
}

/** An order-preserving text form of a number, so SQLite sorts range keys as DynamoDB does. */
export function sortableNumber(text: string): string {
  const d = parseNumber(text);
  if (d.digits === 0n) return '1';
  const digits = d.digits.toString();
  const magnitude = digits.length + d.exponent + 200;
  if (!d.negative) return `2${String(magnitude).padStart(3, '0')}${digits}`;
  const complement = [...digits].map((c) => String(9 - Number(c))).join('');
  return `0${String(999 - magnitude).padStart(3, '0')}${complement}~`;
}

export function compareNumbers(a: string, b: string): number {
  const x = sortableNumber(a);
  const y = sortableNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Bytes DynamoDB counts for a number: about one per two significant digits, plus one. */
export function numberSize(text: string): number {
  const d = parseNumber(text);
  if (d.digits === 0n) return 1;
  return Math.ceil(d.digits.toString().length / 2) + 1;
}
