import type { LambdaExtension, LambdaInternals } from './lambda/internal-api.js';
import type { ServiceDeps } from './deps.js';
import type { Service } from './service.js';

/**
 * One service as Tributary composes it: how it is built, and what it offers the others in-process.
 * `src/services/registry.ts` lists them; `app.ts` builds them in that order.
 */
export interface ServiceModule<S extends Service = Service, Port = unknown> {
  readonly name: string;
  create(deps: ServiceDeps): S;
  /** The in-process port the service offers (`deps.ports[name]`), if any. */
  offer?(service: S): Port;
  /** Takes the requests no service claims (S3, which owns `/` and `/{bucket}`). */
  readonly fallback?: boolean;
}

/** A part of the Lambda API that lives in its own folder and joins Lambda's operation table. */
export interface LambdaExtensionModule {
  readonly name: string;
  create(deps: ServiceDeps, internals: LambdaInternals): LambdaExtension;
}

export function defineService<S extends Service, Port = never>(module: ServiceModule<S, Port>): ServiceModule<S, Port> {
  return module;
}
