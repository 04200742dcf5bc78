/**
 * CORS as HTTP APIs and function URLs answer it from their configuration: preflight requests are
 * answered without invoking anything; other responses to an allowed origin get the origin (and
 * exposed headers, credentials) added.
 */
import type { IncomingMessage } from 'node:http';

export interface CorsRules {
  allowOrigins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  allowCredentials: boolean;
  maxAge?: number;
}

/** Reads a CORS configuration in either casing (`AllowOrigins` as Lambda stores it, `allowOrigins` as API Gateway v2 does). */
export function corsRules(config: Record<string, unknown> | undefined): CorsRules | undefined {
  if (!config) return undefined;
  const pick = (name: string): unknown => config[name] ?? config[name.charAt(0).toLowerCase() + name.slice(1)];
  const list = (name: string) => (Array.isArray(pick(name)) ? (pick(name) as unknown[]).map(String) : []);
  const maxAge = pick('MaxAge');
  return {
    allowOrigins: list('AllowOrigins'),
    allowMethods: list('AllowMethods'),
    allowHeaders: list('AllowHeaders'),
    exposeHeaders: list('ExposeHeaders'),
    allowCredentials: pick('AllowCredentials') === true,
    maxAge: typeof maxAge === 'number' ? maxAge : undefined,
  };
}

/** A browser's preflight: OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && typeof req.headers.origin === 'string' && typeof req.headers['access-control-request-method'] === 'string';
}

function allowedOrigin(rules: CorsRules, origin: string): string | undefined {
  const lower = origin.toLowerCase();
  if (rules.allowOrigins.some((o) => o.toLowerCase() === lower)) return origin;
  if (rules.allowOrigins.includes('*')) return rules.allowCredentials ? origin : '*';
  return undefined;
}

/** The headers of the answer to a preflight; none when the origin is not allowed. */
export function preflightHeaders(rules: CorsRules, req: IncomingMessage): Record<string, string> {
  const origin = allowedOrigin(rules, String(req.headers.origin));
  if (!origin) return {};
  const out: Record<string, string> = { 'access-control-allow-origin': origin };
  if (rules.allowCredentials) out['access-control-allow-credentials'] = 'true';
  if (rules.allowMethods.length > 0) out['access-control-allow-methods'] = rules.allowMethods.join(',');
  if (rules.allowHeaders.length > 0) out['access-control-allow-headers'] = rules.allowHeaders.join(',');
  if (rules.maxAge !== undefined) out['access-control-max-age'] = String(rules.maxAge);
  return out;
}

/** The headers added to any other response for an allowed origin. */
export function responseCorsHeaders(rules: CorsRules | undefined, req: IncomingMessage): Record<string, string> {
  const requested = req.headers.origin;
  if (!rules || typeof requested !== 'string') return {};
  const origin = allowedOrigin(rules, requested);
  if (!origin) return {};
  const out: Record<string, string> = { 'access-control-allow-origin': origin };
  if (rules.allowCredentials) out['access-control-allow-credentials'] = 'true';
  if (rules.exposeHeaders.length > 0) out['access-control-expose-headers'] = rules.exposeHeaders.join(',');
  return out;
}
