import type { LambdaExtension, LambdaInternals } from './lambda/internal-api.js';
import type { ServiceDeps } from './deps.js';
import type { Service } from './service.js';

/**
 * One service as Tributary composes it: how it is built, and what it offers the others in-process.
 * `src/services/registry.ts` lists them; `app.ts` builds them in that order.
 */
export interface ServiceModule<S extends Service = Service, Port = unknown, Name extends string = string> {
  readonly name: Name;
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

export function defineService<S extends Service, Port, const Name extends string>(module: ServiceModule<S, Port, Name>): ServiceModule<S, Port, Name> {
  return module;
}

/** The ports a list of modules offers, each under its module's name (absent until it is built). */
// biome-ignore lint/suspicious/noExplicitAny: a module's service type is invariant (built and handed back); any module fits.
export type AnyModule = ServiceModule<any, unknown, string>;

/** The ports a list of modules offers, each under its module's name (absent until it is built). */
export type PortsOf<Modules extends readonly AnyModule[]> = {
  [M in Modules[number] as M['offer'] extends undefined ? never : M['name']]?: M extends { offer?(service: never): infer Port } ? Port : never;
};

/** Builds one module's service and the port it offers (undefined when it offers none). */
export function buildModule(module: AnyModule, deps: ServiceDeps): { service: Service; port: unknown } {
  const service = module.create(deps);
  return { service, port: module.offer?.(service) };
}
