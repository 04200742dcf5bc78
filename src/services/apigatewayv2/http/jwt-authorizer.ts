/**
 * HTTP API JWT authorizers: the token of the identity source (a `Bearer ` prefix is dropped) must be
 * signed by a key of the issuer's JWKS (found through `{issuer}/.well-known/openid-configuration`),
 * name the issuer, carry an audience (`aud` or `client_id`) the authorizer lists, and be within its
 * time; a route's AuthorizationScopes need one of them in `scope`/`scp`.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Doc } from '../store.js';
import { FORBIDDEN, UNAUTHORIZED, type AuthDecision } from './lambda-authorizer.js';
import type { RequestFacts } from './request-facts.js';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

export class JwtAuthorizers {
  private readonly keySets = new Map<string, Promise<KeySet>>();

  constructor(private readonly now: () => number) {}

  async authorize(authorizer: Doc, route: Doc, facts: RequestFacts): Promise<AuthDecision> {
    const config = (authorizer.jwtConfiguration ?? {}) as { issuer?: string; audience?: string[] };
    const source = (Array.isArray(authorizer.identitySource) ? String(authorizer.identitySource[0]) : '$request.header.Authorization').trim();
    const header = /^\$request\.header\.(.+)$/.exec(source)?.[1];
    const raw = header ? facts.req.headers[header.toLowerCase()] : undefined;
    const token = (Array.isArray(raw) ? raw[0] : raw)?.replace(/^Bearer\s+/i, '').trim();
    if (!token || !config.issuer) return UNAUTHORIZED;
    let claims: JWTPayload;
    try {
      const keys = await this.keySet(config.issuer);
      ({ payload: claims } = await jwtVerify(token, keys, { issuer: config.issuer, algorithms: ['RS256'], currentDate: new Date(this.now()) }));
    } catch {
      return UNAUTHORIZED;
    }
    const audiences = ([] as unknown[]).concat(claims.aud ?? [], claims.client_id ?? []);
    if (config.audience?.length && !audiences.some((a) => config.audience!.includes(String(a)))) return UNAUTHORIZED;
    const scopes = scopesOf(claims);
    const wanted = Array.isArray(route.authorizationScopes) ? route.authorizationScopes.map(String) : [];
    if (wanted.length > 0 && !wanted.some((s) => scopes.includes(s))) return FORBIDDEN;
    const jwt = { claims: flatClaims(claims), scopes: scopes.length > 0 ? scopes : null };
    return { kind: 'allow', authorizer: { v1: jwt, v2: { jwt } } };
  }

  private keySet(issuer: string): Promise<KeySet> {
    let pending = this.keySets.get(issuer);
    if (!pending) {
      pending = (async () => {
        const discovery = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) });
        if (!discovery.ok) throw new Error(`openid-configuration: ${discovery.status}`);
        const { jwks_uri } = (await discovery.json()) as { jwks_uri?: string };
        if (!jwks_uri) throw new Error('openid-configuration has no jwks_uri');
        return createRemoteJWKSet(new URL(jwks_uri), { timeoutDuration: 5_000 });
      })();
      pending.catch(() => this.keySets.delete(issuer));
      this.keySets.set(issuer, pending);
    }
    return pending;
  }
}

function scopesOf(claims: JWTPayload): string[] {
  const value = claims.scope ?? claims.scp;
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return Array.isArray(value) ? value.map(String) : [];
}

/** Claims as HTTP APIs pass them: every value a string, lists as `[a b]`. */
function flatClaims(claims: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) {
    out[k] = typeof v === 'string' ? v : Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  }
  return out;
}
