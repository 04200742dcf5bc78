import type { LambdaPort } from '../../contracts.js';
import { RestJsonCodec, type RestJsonOperation } from '../../protocols/rest-json.js';
import type { ServiceDeps } from '../deps.js';
import type { Service } from '../service.js';
import { CodeStore } from './code.js';
import type { LambdaContext } from './context.js';
import { lambdaErrorBody } from './errors.js';
import { LambdaFunctions } from './functions.js';
import { FUNCTION_URL_HOST, serveFunctionUrl, urlIdOfHost } from './function-urls.js';
import { createInProcessLambda } from './in-process.js';
import type { AsyncInvocations, LambdaExtension, LambdaInternals, ResolvedFunction } from './internal-api.js';
import { lambdaCatalog } from './catalog.js';
import { crossAccountGuard } from './cross-account.js';
import { lambdaOperations } from './operations/index.js';
import { CODE_DOWNLOAD_PREFIX } from './operations/code-download.js';
import { PACKAGE_RELEASING_OPERATIONS, PackageReclaimer, sweepUnusedPackages } from './package-sweep.js';
import { LambdaStore } from './store.js';

export type LambdaService = Service &
  LambdaPort & {
    internals: LambdaInternals;
    /** Joins an extension's operations to the Lambda API and its lifecycle to the service's. */
    extend(extension: LambdaExtension): void;
    /** Wires the async queue behind `InvocationType: Event` (and joins its operations). */
    useAsyncInvocations(queue: AsyncInvocations): void;
  };

const DATE_PREFIX = /^\/20\d\d-\d\d-\d\d\//;

/** The Lambda service: its REST-JSON API, function URLs, and the in-process seams others use. */
export function createLambdaService(deps: ServiceDeps): LambdaService {
  const store = new LambdaStore(deps.store);
  const code = new CodeStore(deps.store, deps.ports);
  const functions = new LambdaFunctions(deps, store, code);
  deps.gateway.attach(lambdaCatalog(functions));
  let asyncQueue: AsyncInvocations | undefined;
  const extensions: LambdaExtension[] = [];
  const functionDeleted = (unqualifiedArn: string, qualifier?: string) => {
    for (const extension of extensions) {
      try {
        extension.functionDeleted?.(unqualifiedArn, qualifier);
      } catch (err) {
        deps.logger.warn(`${extension.name}: cleaning up after ${unqualifiedArn} failed: ${err instanceof Error ? err.message : err}`);
      }
    }
  };
  const taggables = () => extensions.flatMap((e) => (e.taggable ? [e.taggable] : []));
  const context: LambdaContext = { deps, store, code, functions, asyncInvocations: () => asyncQueue, functionDeleted, taggables };
  const reclaimer = new PackageReclaimer(deps.clock, deps.config.instanceIdleMs, () => sweepUnusedPackages(store, code, deps.logger));
  const ownOperations = lambdaOperations.map((make) => {
    const operation = make(context);
    if (!PACKAGE_RELEASING_OPERATIONS.has(operation.name)) return operation;
    return {
      ...operation,
      async run(request, ctx) {
        const response = await operation.run(request, ctx);
        reclaimer.released();
        return response;
      },
    } satisfies RestJsonOperation;
  });
  const { internals, port } = createInProcessLambda(context);
  let codec = new RestJsonCodec(ownOperations, lambdaErrorBody);
  let started = false;

  function extend(extension: LambdaExtension): void {
    extensions.push(extension);
    codec = new RestJsonCodec([...ownOperations, ...extensions.flatMap((e) => e.operations)], lambdaErrorBody);
    if (started) void extension.start?.();
  }

  return {
    name: 'lambda',
    signingNames: ['lambda'],
    hosts: [FUNCTION_URL_HOST],
    claims: (_req, url) => DATE_PREFIX.test(url.pathname) || url.pathname.startsWith(CODE_DOWNLOAD_PREFIX),
    acceptsCrossOrigin: (exchange) => urlIdOfHost(exchange.req.headers.host) !== undefined,
    handle(exchange, ctx) {
      if (ctx.enforceAuth) ctx.permitCrossAccount = crossAccountGuard(store, ctx);
      const urlId = urlIdOfHost(exchange.req.headers.host);
      return urlId ? serveFunctionUrl(context, exchange, ctx, urlId) : codec.handle(exchange, ctx);
    },
    async start() {
      functions.settleAll();
      sweepUnusedPackages(store, code, deps.logger);
      started = true;
      for (const extension of extensions) await extension.start?.();
    },
    async stop() {
      started = false;
      reclaimer.stop();
      for (const extension of [...extensions].reverse()) await extension.stop?.();
    },
    health: () => ({
      status: 'running',
      ...Object.fromEntries(extensions.map((e) => [e.name, e.health?.() ?? { status: 'running' }])),
    }),
    internals,
    extend,
    useAsyncInvocations(queue) {
      asyncQueue = queue;
      extend(queue);
    },
    ...port,
  };
}

export type { ResolvedFunction };
