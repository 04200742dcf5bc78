import type { ProxyHttpResponse } from '../../../http-events/payload-v2.js';
import type { RequestFacts } from './request-facts.js';

/**
 * HTTP API parameter mapping. Request parameters (`append|overwrite|remove:header.name`,
 * `...:querystring.name`, `overwrite:path`) change what an HTTP_PROXY integration is sent;
 * response parameters, chosen by the integration's status code, change what the client gets
 * (`...:header.name`, `overwrite:statuscode`). A value is static text, one selection expression
 * (`$request.header.name`), or text with `${...}` expressions in it.
 */

/** What a request mapping produced: the headers, query string and path to send. */
export interface MappedRequest {
  headers: Map<string, string>;
  query: [string, string][];
  path: string;
}

type Sources = { facts: RequestFacts; response?: ProxyHttpResponse };

const WHOLE = /^\$((?:request|response|context|stageVariables)\.[A-Za-z0-9_.\-$[\]'*]+|request\.body|request\.path|response\.body)$/;

/** Evaluates a mapping value; undefined when a selection expression names nothing. */
export function mappingValue(value: string, sources: Sources): string | undefined {
  const whole = WHOLE.exec(value);
  if (whole) return select(whole[1]!, sources);
  return value.replace(/\$\{([^}]+)\}/g, (_, expr: string) => select(expr, sources) ?? '');
}

function select(expr: string, { facts, response }: Sources): string | undefined {
  const [scope, kind, ...rest] = expr.split('.');
  const name = rest.join('.');
  if (scope === 'request') {
    if (kind === 'header') return headerOf(facts.req.headers, name);
    if (kind === 'querystring') {
      const values = facts.url.searchParams.getAll(name);
      return values.length > 0 ? values.join(',') : undefined;
    }
    if (kind === 'path') return rest.length === 0 ? facts.routePath : facts.pathParameters[name];
    if (kind === 'body') return bodyValue(facts.body, rest);
    return undefined;
  }
  if (scope === 'response' && response) {
    if (kind === 'header') {
      const v = response.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(',') : v;
    }
    if (kind === 'body') return bodyValue(response.body, rest);
    return undefined;
  }
  if (scope === 'stageVariables') return kind === undefined ? undefined : facts.stageVariables[[kind, ...rest].join('.')];
  if (scope === 'context') return contextValue(facts, [kind, ...rest].join('.'));
  return undefined;
}

function headerOf(headers: RequestFacts['req']['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

function contextValue(facts: RequestFacts, name: string): string | undefined {
  const values: Record<string, string | undefined> = {
    accountId: facts.accountId,
    apiId: facts.apiId,
    domainName: facts.domainName,
    domainPrefix: facts.domainName.split('.')[0],
    httpMethod: facts.req.method,
    path: facts.rawPath,
    protocol: `HTTP/${facts.req.httpVersion}`,
    requestId: facts.requestId,
    routeKey: facts.routeKey,
    stage: facts.stage,
    requestTimeEpoch: String(facts.timeEpoch),
    'identity.sourceIp': facts.req.socket.remoteAddress?.replace(/^::ffff:/, ''),
    'identity.userAgent': headerOf(facts.req.headers, 'user-agent'),
  };
  if (name in values) return values[name];
  const authorizer = /^authorizer\.(.+)$/.exec(name)?.[1];
  if (authorizer && facts.authorizer) {
    let value: unknown = facts.authorizer;
    for (const key of authorizer.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined) {
      // `$context.authorizer.x` reads a Lambda authorizer's context and a JWT's claims directly.
      const lambda = (facts.authorizer.lambda ?? (facts.authorizer.jwt as Record<string, unknown> | undefined)?.claims) as Record<string, unknown> | undefined;
      value = lambda?.[authorizer];
    }
    return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return undefined;
}

/** `$request.body` (the whole body) or `$request.body.a.b[0]` (a JSON path into it; objects as JSON). */
function bodyValue(body: Buffer, path: string[]): string | undefined {
  const text = body.toString('utf8');
  if (path.length === 0) return text;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(0, 100 * 1024));
  } catch {
    return undefined;
  }
  for (const step of path
    .join('.')
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The request an HTTP_PROXY integration sends, after the integration's request parameters. */
export function mapRequest(parameters: Record<string, string> | undefined, facts: RequestFacts, base: MappedRequest): MappedRequest {
  if (!parameters) return base;
  const headers = new Map(base.headers);
  let query = [...base.query];
  let path = base.path;
  for (const [key, value] of Object.entries(parameters)) {
    const m = /^(append|overwrite|remove):(header|querystring|path)(?:\.(.+))?$/.exec(key);
    if (!m) continue;
    const [, action, where, name] = m as unknown as [string, string, string, string | undefined];
    const mapped = action === 'remove' ? undefined : mappingValue(value, { facts });
    if (where === 'path') {
      if (action === 'overwrite' && mapped !== undefined) path = mapped.startsWith('/') ? mapped : `/${mapped}`;
      continue;
    }
    if (!name) continue;
    if (where === 'header') {
      const lower = name.toLowerCase();
      if (action === 'remove') headers.delete(lower);
      else if (mapped !== undefined) headers.set(lower, action === 'append' && headers.has(lower) ? `${headers.get(lower)},${mapped}` : mapped);
    } else {
      if (action !== 'append') query = query.filter(([k]) => k !== name);
      if (action !== 'remove' && mapped !== undefined) query.push([name, mapped]);
    }
  }
  return { headers, query, path };
}

/** The response the client gets, after the response parameters for the integration's status code. */
export function mapResponse(
  parameters: Record<string, Record<string, string>> | undefined,
  facts: RequestFacts,
  response: ProxyHttpResponse,
): ProxyHttpResponse {
  const forStatus = parameters?.[String(response.status)];
  if (!forStatus) return response;
  const headers = { ...response.headers };
  let status = response.status;
  for (const [key, value] of Object.entries(forStatus)) {
    if (key === 'overwrite:statuscode') {
      const code = Number(mappingValue(value, { facts, response }));
      if (Number.isInteger(code) && code >= 100 && code <= 599) status = code;
      continue;
    }
    const m = /^(append|overwrite|remove):header\.(.+)$/.exec(key);
    if (!m) continue;
    const name = m[2]!.toLowerCase();
    if (m[1] === 'remove') {
      delete headers[name];
      continue;
    }
    const mapped = mappingValue(value, { facts, response });
    if (mapped === undefined) continue;
    const existing = headers[name];
    headers[name] = m[1] === 'append' && existing !== undefined ? `${Array.isArray(existing) ? existing.join(',') : existing},${mapped}` : mapped;
  }
  return { ...response, status, headers };
}
