/** The Lambda proxy events of WebSocket APIs: CONNECT (with the handshake's headers), MESSAGE (with the body), DISCONNECT. */
import type { IncomingMessage } from 'node:http';
import { clfTime, sourceIpOf } from '../../../http-events/http-request.js';

export interface ConnectionFacts {
  connectionId: string;
  apiId: string;
  stage: string;
  domainName: string;
  connectedAt: number;
  sourceIp: string;
  userAgent: string;
  /** The handshake request's headers as the client sent them, and its query. */
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  query: URLSearchParams;
}

export function connectionFacts(
  req: IncomingMessage,
  url: URL,
  ids: { connectionId: string; apiId: string; stage: string; domainName: string; connectedAt: number },
): ConnectionFacts {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { ...ids, sourceIp: sourceIpOf(req), userAgent: req.headers['user-agent'] ?? '', headers, multiValueHeaders, query: url.searchParams };
}

function requestContext(
  c: ConnectionFacts,
  routeKey: string,
  eventType: string,
  requestId: string,
  now: number,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    routeKey,
    ...(eventType === 'MESSAGE' ? { messageId: extra.messageId } : {}),
    ...(eventType === 'DISCONNECT' ? { disconnectStatusCode: extra.disconnectStatusCode } : {}),
    eventType,
    extendedRequestId: requestId,
    requestTime: clfTime(new Date(now)),
    messageDirection: 'IN',
    ...(eventType === 'DISCONNECT' ? { disconnectReason: extra.disconnectReason } : {}),
    stage: c.stage,
    connectedAt: c.connectedAt,
    requestTimeEpoch: now,
    identity: { userAgent: c.userAgent, sourceIp: c.sourceIp },
    requestId,
    domainName: c.domainName,
    connectionId: c.connectionId,
    apiId: c.apiId,
  };
}

export function connectEvent(c: ConnectionFacts, requestId: string, now: number, authorizer?: Record<string, unknown>): Record<string, unknown> {
  const event: Record<string, unknown> = { headers: c.headers, multiValueHeaders: c.multiValueHeaders };
  const query: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of c.query) {
    query[k] = v;
    (multi[k] ??= []).push(v);
  }
  if (Object.keys(query).length > 0) {
    event.queryStringParameters = query;
    event.multiValueQueryStringParameters = multi;
  }
  const context = requestContext(c, '$connect', 'CONNECT', requestId, now, {});
  if (authorizer) context.authorizer = authorizer;
  event.requestContext = context;
  event.isBase64Encoded = false;
  return event;
}

export function messageEvent(c: ConnectionFacts, routeKey: string, body: string, messageId: string, requestId: string, now: number): Record<string, unknown> {
  return { requestContext: requestContext(c, routeKey, 'MESSAGE', requestId, now, { messageId }), body, isBase64Encoded: false };
}

export function disconnectEvent(c: ConnectionFacts, code: number, reason: string, requestId: string, now: number): Record<string, unknown> {
  return {
    headers: c.headers,
    multiValueHeaders: c.multiValueHeaders,
    requestContext: requestContext(c, '$disconnect', 'DISCONNECT', requestId, now, { disconnectStatusCode: code, disconnectReason: reason }),
    isBase64Encoded: false,
  };
}

/** The route key a message selects by `$request.body.<path>` (JSON messages only); undefined means `$default`. */
export function selectRouteKey(expression: string, body: string): string | undefined {
  const path = /^\$request\.body\.(.+)$/.exec(expression.trim())?.[1];
  if (!path) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  for (const key of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
