import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log.js';
import type { Service } from '../services/service.js';
import type { CredentialScope } from './sigv4.js';
import { createUnknownServiceResponder } from './unknown-service.js';

/**
 * Picks the service for a request: a host a service owns (a function URL, an API's host), then, in
 * the order AWS clients make unambiguous, the SigV4 signing name, `X-Amz-Target`, and the path;
 * S3 takes whatever is left (it owns `/`, `/{bucket}` and bucket hosts).
 * A request signed for, or targeted at, a service none of them is goes to the unknown-service
 * responder instead, never to S3.
 */
export class Router {
  private readonly bySigningName = new Map<string, Service>();
  private readonly byTargetPrefix = new Map<string, Service>();
  private readonly unknown: Service;
  private readonly byHost: { pattern: RegExp; service: Service }[] = [];
  private readonly bySignedPath: { signingName: string; pathPrefix: string; service: Service }[] = [];
  private readonly byQueryVersion = new Map<string, Service>();

  constructor(
    private readonly services: readonly Service[],
    private readonly fallback: Service | undefined,
    logger?: Logger,
  ) {
    for (const service of services) {
      for (const name of service.signingNames) this.bySigningName.set(name, service);
      for (const prefix of service.targetPrefixes ?? []) this.byTargetPrefix.set(prefix, service);
      for (const pattern of service.hosts ?? []) this.byHost.push({ pattern, service });
      for (const rule of service.signedPaths ?? []) this.bySignedPath.push({ ...rule, service });
      for (const version of service.queryVersions ?? []) this.byQueryVersion.set(version, service);
    }
    const implemented = fallback && !services.includes(fallback) ? [...services, fallback] : services;
    this.unknown = createUnknownServiceResponder(() => implemented, logger);
  }

  /**
   * `queryVersion`: the `Version` of an unsigned query request, when the endpoint read it (from the
   * URL, or from a form body it read before routing).
   */
  route(req: IncomingMessage, url: URL, scope: CredentialScope | undefined, queryVersion?: string): Service | undefined {
    if (this.byHost.length > 0) {
      const host = hostName(req.headers.host);
      for (const rule of this.byHost) if (rule.pattern.test(host)) return rule.service;
    }
    const target = req.headers['x-amz-target'];
    if (scope?.service) {
      for (const rule of this.bySignedPath) if (rule.signingName === scope.service && url.pathname.startsWith(rule.pathPrefix)) return rule.service;
      // Services that share a signing name (DynamoDB and DynamoDB Streams both sign as `dynamodb`) are told apart by their target prefix.
      const signed = this.bySigningName.get(scope.service);
      if (typeof target === 'string' && signed?.targetPrefixes) {
        const prefix = target.slice(0, target.indexOf('.'));
        const targeted = this.byTargetPrefix.get(prefix);
        if (targeted?.signingNames.includes(scope.service)) return targeted;
        // Signed for a service that is here, targeted at its sibling that is not (DynamoDB beside DynamoDB Streams).
        if (!signed.targetPrefixes.includes(prefix)) return this.unknown;
      }
      return signed ?? this.unknown;
    }
    if (typeof target === 'string') {
      return this.byTargetPrefix.get(target.slice(0, target.indexOf('.'))) ?? this.unknown;
    }
    const version = queryVersion ?? (url.searchParams.has('Action') ? url.searchParams.get('Version') : undefined);
    const versioned = version ? this.byQueryVersion.get(version) : undefined;
    if (versioned) return versioned;
    for (const service of this.services) {
      if (service.claims?.(req, url)) return service;
    }
    return this.fallback;
  }
}

/** The Host header without its port, lowercased. */
function hostName(host: string | undefined): string {
  if (!host) return '';
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}
