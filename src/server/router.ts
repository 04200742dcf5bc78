import type { IncomingMessage } from 'node:http';
import type { Service } from '../services/service.js';
import type { CredentialScope } from './sigv4.js';
import { createUnknownServiceResponder } from './unknown-service.js';

/**
 * Picks the service for a request, in the order AWS clients make unambiguous: the SigV4 signing
 * name, then `X-Amz-Target`, then the path; S3 takes whatever is left (it owns `/` and `/{bucket}`).
 * A request signed for, or targeted at, a service none of them is goes to the unknown-service
 * responder instead, never to S3.
 */
export class Router {
  private readonly bySigningName = new Map<string, Service>();
  private readonly byTargetPrefix = new Map<string, Service>();
  private readonly unknown: Service;

  constructor(
    private readonly services: readonly Service[],
    private readonly fallback: Service | undefined,
  ) {
    for (const service of services) {
      for (const name of service.signingNames) this.bySigningName.set(name, service);
      for (const prefix of service.targetPrefixes ?? []) this.byTargetPrefix.set(prefix, service);
    }
    const implemented = fallback && !services.includes(fallback) ? [...services, fallback] : services;
    this.unknown = createUnknownServiceResponder(() => implemented);
  }

  route(req: IncomingMessage, url: URL, scope: CredentialScope | undefined): Service | undefined {
    if (scope?.service) return this.bySigningName.get(scope.service) ?? this.unknown;
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      return this.byTargetPrefix.get(target.slice(0, target.indexOf('.'))) ?? this.unknown;
    }
    for (const service of this.services) {
      if (service.claims?.(req, url)) return service;
    }
    return this.fallback;
  }
}
