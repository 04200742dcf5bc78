import { AwsError, internalError, isAwsError } from './aws-error.js';
import { readBody, send } from './http.js';
import type { HttpExchange, RequestContext } from '../server/request-context.js';

/**
 * The AWS query protocol: `Action=<Op>&Version=...` as a form POST body or GET query string, flat
 * dotted parameter names (`Attribute.1.Name`), XML responses wrapped as
 * `<OpResponse><OpResult>…</OpResult><ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>`
 * and errors as `<ErrorResponse><Error><Type/><Code/><Message/><Detail/></Error><RequestId/></ErrorResponse>`.
 * The codec knows no service: the service maps flat parameters to its input shape and its output
 * shape to XML.
 */
export type QueryParams = ReadonlyMap<string, string>;

/** Returns the inner XML of `<OpResult>`, or undefined for actions whose response has no result element. */
export type QueryOperation = (params: QueryParams, ctx: RequestContext, exchange: HttpExchange) => Promise<string | undefined>;

export interface QueryCodecOptions {
  /** The XML namespace of responses, e.g. `http://queue.amazonaws.com/doc/2012-11-05/`. */
  xmlns: string;
  maxBodyBytes: number;
  /** The query error code of an AwsError (some services use legacy codes). */
  errorCode?: (err: AwsError) => string;
  /** Answers a request without `Action` itself (default: 400 InvalidAction "Missing Action"). */
  missingAction?: (exchange: HttpExchange, ctx: RequestContext) => void;
}

/** Reads every parameter of a query request: URL query string first, then a form-encoded body. */
export async function readQueryParams(exchange: HttpExchange, maxBodyBytes: number): Promise<Map<string, string>> {
  const params = new Map<string, string>();
  for (const [k, v] of exchange.url.searchParams) params.set(k, v);
  const tooLarge = () => new AwsError('RequestEntityTooLarge', 'Request is too large', 413);
  if (exchange.body && exchange.body.length > maxBodyBytes) throw tooLarge();
  const raw = exchange.body ?? (await readBody(exchange.req, maxBodyBytes, tooLarge));
  if (raw.length > 0) {
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) params.set(k, v);
  }
  return params;
}

export class QueryCodec {
  constructor(
    private readonly operations: Readonly<Record<string, QueryOperation>>,
    private readonly options: QueryCodecOptions,
  ) {}

  async handle(exchange: HttpExchange, ctx: RequestContext, params?: QueryParams): Promise<void> {
    try {
      const all = params ?? (await readQueryParams(exchange, this.options.maxBodyBytes));
      const action = all.get('Action') ?? '';
      ctx.operation = action;
      const operation = action && Object.hasOwn(this.operations, action) ? this.operations[action] : undefined;
      if (!operation) {
        if (!action && this.options.missingAction) {
          ctx.errorCode = 'UnknownOperationException';
          this.options.missingAction(exchange, ctx);
          return;
        }
        throw new AwsError('InvalidAction', action ? `The action ${action} is not valid for this endpoint.` : 'Missing Action', 400);
      }
      const inner = await operation(all, ctx, exchange);
      const body =
        `<?xml version="1.0"?><${action}Response xmlns="${this.options.xmlns}">` +
        (inner === undefined ? '' : inner === '' ? `<${action}Result/>` : `<${action}Result>${inner}</${action}Result>`) +
        `<ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${action}Response>`;
      send(exchange.res, 200, { 'x-amzn-RequestId': ctx.requestId, 'Content-Type': 'text/xml' }, body);
    } catch (err) {
      this.writeError(exchange, ctx, isAwsError(err) ? err : internalError(err));
    }
  }

  writeError(exchange: HttpExchange, ctx: RequestContext, err: AwsError): void {
    ctx.errorCode = err.code;
    const code = this.options.errorCode?.(err) ?? err.code;
    const body =
      `<?xml version="1.0"?><ErrorResponse xmlns="${this.options.xmlns}"><Error><Type>${err.fault}</Type>` +
      `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(err.message)}</Message><Detail/></Error>` +
      `<RequestId>${ctx.requestId}</RequestId></ErrorResponse>`;
    send(exchange.res, err.status, { 'x-amzn-RequestId': ctx.requestId, 'Content-Type': 'text/xml' }, body);
  }
}

/** `Prefix.1`, `Prefix.2`, ... as a list of strings, in index order. */
export function queryList(params: QueryParams, prefix: string): string[] | undefined {
  const indexes = memberIndexes(params, prefix);
  if (indexes.length === 0) return undefined;
  return indexes.map((i) => params.get(`${prefix}.${i}`)).filter((v): v is string => v !== undefined);
}

/** The sorted member indexes `N` that appear as `Prefix.N` or `Prefix.N.*`. */
export function memberIndexes(params: QueryParams, prefix: string): number[] {
  const found = new Set<number>();
  const head = `${prefix}.`;
  for (const key of params.keys()) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf('.');
    const n = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (Number.isInteger(n) && n > 0) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * `Prefix.N.rest` parameters split by member index in one pass over the request: N → (rest → value).
 * Decoding a list of structures member by member with `subParams` would read every parameter once
 * per member.
 */
export function membersByIndex(params: QueryParams, prefix: string): Map<number, Map<string, string>> {
  const members = new Map<number, Map<string, string>>();
  const head = `${prefix}.`;
  for (const [key, value] of params) {
    if (!key.startsWith(head)) continue;
    const dot = key.indexOf('.', head.length);
    const n = Number(dot === -1 ? key.slice(head.length) : key.slice(head.length, dot));
    if (!Number.isInteger(n) || n <= 0) continue;
    let member = members.get(n);
    if (!member) members.set(n, (member = new Map()));
    if (dot !== -1) member.set(key.slice(dot + 1), value);
  }
  return members;
}

/** The parameters under `Prefix.`, with the prefix removed, as their own map. */
export function subParams(params: QueryParams, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  const head = `${prefix}.`;
  for (const [k, v] of params) if (k.startsWith(head)) out.set(k.slice(head.length), v);
  return out;
}

/** A flattened map: `Prefix.N.<keyName>` / `Prefix.N.<valueName>`; values decoded by `value`. */
export function queryMap<T>(
  params: QueryParams,
  prefix: string,
  keyName: string,
  valueName: string,
  value: (sub: QueryParams, valuePrefix: string) => T | undefined,
): Record<string, T> | undefined {
  const indexes = memberIndexes(params, prefix);
  if (indexes.length === 0) return undefined;
  const out: Record<string, T> = {};
  for (const i of indexes) {
    const key = params.get(`${prefix}.${i}.${keyName}`);
    if (key === undefined) continue;
    const v = value(params, `${prefix}.${i}.${valueName}`);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };

export function xmlEscape(value: string): string {
  return value.replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c]!);
}

/** `<name>escaped</name>`, or nothing when the value is absent. */
export function xmlElement(name: string, value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}
