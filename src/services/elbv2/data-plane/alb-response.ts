/** Largest response JSON a Lambda target may send ALB. */
export const MAX_LAMBDA_RESPONSE = 1024 * 1024;

export interface AlbHttpResponse {
  status: number;
  /** From `statusDescription` (`200 OK` gives `OK`). */
  statusMessage?: string;
  headers: [string, string][];
  body: Buffer;
}

/** Headers ALB sets itself, whatever the function says. */
const OWN_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'server']);

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * A Lambda target's answer as ALB turns it into HTTP, or undefined when it is malformed (ALB's
 * 502): not a JSON object, no valid `statusCode`, a body that is not a string, headers that are not
 * scalars. With multi-value headers on, `multiValueHeaders` carries the headers.
 */
export function albResponse(payload: Buffer, multiValue: boolean): AlbHttpResponse | undefined {
  if (payload.length > MAX_LAMBDA_RESPONSE) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  const status = typeof r.statusCode === 'string' && /^\d+$/.test(r.statusCode) ? Number(r.statusCode) : r.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') return undefined;
  const headers: [string, string][] = [];
  const source = multiValue && r.multiValueHeaders !== undefined ? r.multiValueHeaders : r.headers;
  if (source !== undefined && source !== null) {
    if (typeof source !== 'object' || Array.isArray(source)) return undefined;
    for (const [name, v] of Object.entries(source as Record<string, unknown>)) {
      const values = Array.isArray(v) ? v : [v];
      if (!multiValue && Array.isArray(v)) return undefined;
      for (const one of values) {
        if (!isScalar(one)) return undefined;
        if (!OWN_HEADERS.has(name.toLowerCase())) headers.push([name, String(one)]);
      }
    }
  }
  const text = typeof r.body === 'string' ? r.body : '';
  const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  const description = typeof r.statusDescription === 'string' ? r.statusDescription.replace(/^\d{3}\s*/, '') : undefined;
  return { status, statusMessage: description || undefined, headers, body };
}
