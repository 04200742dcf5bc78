import type { IncomingMessage } from 'node:http';
import type { Service } from '../services/service.js';
import type { CredentialScope } from './sigv4.js';

/**
 * Picks the service for a request, in the order AWS clients make unambiguous: the SigV4 signing
 * name, then `X-Amz-Target`, then the path; S3 takes whatever is left (it owns `/` and `/{bucket}`).
 */
export class Router {
  private readonly bySigningName = new Map<string, Service>();
  private readonly byTargetPrefix = new Map<string, Service>();

  constructor(
    private readonly services: readonly Service[],
    private readonly fallback: Service | undefined,
  ) {
    for (const service of services) {
      for (const name of service.signingNames) this.bySigningName.set(name, service);
      for (const prefix of service.targetPrefixes ?? []) this.byTargetPrefix.set(prefix, service);
    }
  }

  route(req: IncomingMessage, url: URL, scope: CredentialScope | undefined): Service | undefined {
    const signed = scope?.service ? this.bySigningName.get(scope.service) : undefined;
    if (signed) return signed;
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const byTarget = this.byTargetPrefix.get(target.slice(0, target.indexOf('.')));
      if (byTarget) return byTarget;
    }
    for (const service of this.services) {
      if (service.claims?.(req, url)) return service;
    }
    return this.fallback;
  }
}
