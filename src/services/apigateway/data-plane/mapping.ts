import { host, jsonPath, render, util } from '../../../vtl/index.js';
import type { Integration, IntegrationResponse } from '../model.js';
import { type ApiCall, clfTime, identityOf } from './call.js';

/** `$context` of a mapping template. */
export function contextVariables(call: ApiCall, error?: { message: string; responseType: string }): Record<string, unknown> {
  const context: Record<string, unknown> = {
    accountId: call.doc.accountId,
    apiId: call.doc.api.id,
    deploymentId: call.deployment.id,
    domainName: call.domainName,
    domainPrefix: call.domainName.split('.')[0],
    extendedRequestId: call.extendedRequestId,
    httpMethod: call.request.httpMethod,
    identity: identityOf(call),
    path: `/${call.stage.stageName}${call.request.path}`,
    protocol: call.request.protocol,
    requestId: call.requestId,
    requestTime: clfTime(call.startedAt),
    requestTimeEpoch: call.startedAt,
    resourceId: call.resource?.id,
    resourcePath: call.resource?.path,
    stage: call.stage.stageName,
    authorizer: call.authorizer ?? {},
  };
  if (error) context.error = { message: error.message, messageString: JSON.stringify(error.message), responseType: error.responseType };
  return context;
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `$input` over a body: `body`, `json(path)`, `path(path)`, `params()` and `params(name)`. */
export function inputVariable(call: ApiCall, bodyText: string): Record<string, unknown> {
  let parsed: unknown;
  let parsedOnce = false;
  const root = () => {
    if (!parsedOnce) {
      parsed = parseJsonBody(bodyText);
      parsedOnce = true;
    }
    return parsed;
  };
  const params = () => ({
    path: { ...call.pathParameters },
    querystring: { ...call.request.query },
    header: { ...call.request.headers },
  });
  return host({
    body: bodyText,
    json: (path: unknown) => {
      const value = jsonPath(root(), String(path));
      return value === undefined ? '' : JSON.stringify(value);
    },
    path: (path: unknown) => jsonPath(root(), String(path)),
    params: (name?: unknown) => {
      if (name === undefined) return params();
      const n = String(name);
      const lowerHeader = Object.entries(call.request.headers).find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1];
      return call.pathParameters[n] ?? call.request.query[n] ?? lowerHeader ?? '';
    },
    size: () => bodyText.length,
  });
}

export function renderTemplate(template: string, call: ApiCall, bodyText: string, extra: Record<string, unknown> = {}): string {
  return render(template, {
    input: inputVariable(call, bodyText),
    util,
    context: contextVariables(call),
    stageVariables: { ...call.stage.variables },
    ...extra,
  });
}

/** A request template for a content type (absent means `application/json`), exactly. */
export function requestTemplate(templates: Record<string, string | null> | undefined, contentType: string | undefined): string | undefined {
  const type = (contentType?.split(';')[0]?.trim() || 'application/json').toLowerCase();
  const found = Object.entries(templates ?? {}).find(([k]) => k.toLowerCase() === type);
  return found ? (found[1] ?? '') : undefined;
}

/** A response template for the caller's Accept: that type, else `application/json`, else the first. */
export function responseTemplate(
  templates: Record<string, string | null> | undefined,
  accept: string | undefined,
): { type: string; template: string } | undefined {
  const entries = Object.entries(templates ?? {});
  if (entries.length === 0) return undefined;
  const wanted = accept?.split(',').map((a) => a.split(';')[0]!.trim().toLowerCase()) ?? [];
  const chosen = entries.find(([k]) => wanted.includes(k.toLowerCase())) ?? entries.find(([k]) => k === 'application/json') ?? entries[0]!;
  return { type: chosen[0], template: chosen[1] ?? '' };
}

/** A mapping expression's value: `method.request.*`, `stageVariables.*`, `context.*` or a `'literal'`. */
export function requestValue(call: ApiCall, expression: string): string | undefined {
  const literal = /^'(.*)'$/s.exec(expression);
  if (literal) return literal[1];
  const m = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/.exec(expression);
  if (m) {
    const [, where, name] = m as unknown as [string, string, string];
    if (where === 'path') return call.pathParameters[name];
    if (where === 'querystring') return call.request.query[name];
    if (where === 'header') return call.request.header(name);
    if (where === 'multivaluequerystring') return call.request.multiValueQuery[name]?.join(',');
    const key = Object.keys(call.request.multiValueHeaders).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? call.request.multiValueHeaders[key]!.join(',') : undefined;
  }
  if (expression === 'method.request.body') return call.request.body.toString('utf8');
  const stageVar = /^stageVariables\.(.+)$/.exec(expression);
  if (stageVar) return call.stage.variables?.[stageVar[1]!];
  const ctx = /^context\.(.+)$/.exec(expression);
  if (ctx) {
    const value = jsonPath(contextVariables(call), `$.${ctx[1]}`);
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

/** The integration request's path, query and headers from `requestParameters`. */
export function integrationRequestParameters(
  call: ApiCall,
  integration: Integration,
): { path: Record<string, string>; query: Record<string, string>; headers: Record<string, string> } {
  const out = { path: {} as Record<string, string>, query: {} as Record<string, string>, headers: {} as Record<string, string> };
  for (const [target, expression] of Object.entries(integration.requestParameters ?? {})) {
    const m = /^integration\.request\.(path|querystring|header)\.(.+)$/.exec(target);
    if (!m) continue;
    const value = requestValue(call, expression);
    if (value === undefined) continue;
    if (m[1] === 'path') out.path[m[2]!] = value;
    else if (m[1] === 'querystring') out.query[m[2]!] = value;
    else out.headers[m[2]!] = value;
  }
  return out;
}

/** `${stageVariables.name}` in an integration URI or a function ARN. */
export function withStageVariables(text: string, call: ApiCall): string {
  return text.replace(/\$\{stageVariables\.([a-zA-Z0-9_]+)\}/g, (_, name: string) => call.stage.variables?.[name] ?? '');
}

/**
 * The integration response for an outcome: the first whose selectionPattern matches all of
 * `selector` (a Lambda error message, an HTTP status), else the default (no pattern).
 */
export function selectIntegrationResponse(integration: Integration, selector: string | undefined): IntegrationResponse | undefined {
  const responses = Object.values(integration.integrationResponses ?? {});
  if (selector !== undefined) {
    for (const response of responses) {
      if (!response.selectionPattern) continue;
      try {
        if (new RegExp(`^(?:${response.selectionPattern})$`).test(selector)) return response;
      } catch {
        // a pattern JavaScript cannot read selects nothing
      }
    }
  }
  return responses.find((r) => !r.selectionPattern);
}

/** Headers an integration response maps onto the method response. */
export function responseHeaders(
  call: ApiCall,
  response: IntegrationResponse,
  integrationHeaders: Record<string, string>,
  integrationBody: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  let parsed: unknown;
  for (const [target, expression] of Object.entries(response.responseParameters ?? {})) {
    const m = /^method\.response\.header\.(.+)$/.exec(target);
    if (!m) continue;
    let value: string | undefined;
    const literal = /^'(.*)'$/s.exec(expression);
    if (literal) value = literal[1];
    else if (expression.startsWith('integration.response.header.')) {
      const name = expression.slice('integration.response.header.'.length).toLowerCase();
      value = Object.entries(integrationHeaders).find(([k]) => k.toLowerCase() === name)?.[1];
    } else if (expression === 'integration.response.body') value = integrationBody;
    else if (expression.startsWith('integration.response.body.')) {
      parsed ??= parseJsonBody(integrationBody);
      const v = jsonPath(parsed, `$.${expression.slice('integration.response.body.'.length)}`);
      value = v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
    } else value = requestValue(call, expression);
    if (value !== undefined) out[m[1]!] = value;
  }
  return out;
}
