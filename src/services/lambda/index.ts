import { randomUUID } from 'node:crypto';
import type { LambdaPort, SyncInvokeOutcome } from '../../contracts.js';
import { AwsError } from '../../protocols/aws-error.js';
import { RestJsonCodec } from '../../protocols/rest-json.js';
import type { ServiceDeps } from '../deps.js';
import type { Service } from '../service.js';
import { parseFunctionRef, type Scope } from './arns.js';
import { CodeStore } from './code.js';
import type { LambdaContext } from './context.js';
import { lambdaErrorBody } from './errors.js';
import { LambdaFunctions, type FoundFunction } from './functions.js';
import { layerVersionsOf } from './layers.js';
import { serveFunctionUrl, urlIdOfHost } from './function-urls.js';
import type { AsyncInvocations, InternalInvokeRequest, LambdaExtension, LambdaInternals, ResolvedFunction } from './internal-api.js';
import { Invoker } from './invoker.js';
import { lambdaOperations } from './operations/index.js';
import { CODE_DOWNLOAD_PREFIX } from './operations/code-download.js';
import { toResolvedFunction } from './resolved.js';
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

export function createLambdaService(deps: ServiceDeps): LambdaService {
  const store = new LambdaStore(deps.store);
  const code = new CodeStore(deps.store, deps.ports);
  const functions = new LambdaFunctions(deps, store, code);
  const invoker = new Invoker(deps, functions);
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
  const context: LambdaContext = { deps, store, code, functions, invoker, asyncInvocations: () => asyncQueue, functionDeleted };
  const ownOperations = lambdaOperations.map((make) => make(context));
  let codec = new RestJsonCodec(ownOperations, lambdaErrorBody);
  let started = false;

  const defaultScope = (): Scope => ({ accountId: deps.config.defaultAccountId, region: deps.config.defaultRegion });

  const findByRef = (ref: string, scope: Scope): FoundFunction | undefined => {
    const parsed = parseFunctionRef(ref, scope);
    return parsed && functions.find(parsed, true);
  };

  const internals: LambdaInternals & { recursion?: AsyncInvocations['recursion'] } = {
    resolve(functionRef, scope) {
      const found = findByRef(functionRef, scope);
      return found && toResolvedFunction(found);
    },
    invoke: (fn, request) => invokeInternal(fn.qualifiedArn, { accountId: fn.accountId, region: fn.region }, request),
  };

  async function invokeInternal(ref: string, scope: Scope, request: InternalInvokeRequest): Promise<SyncInvokeOutcome> {
    const found = findByRef(ref, scope);
    if (!found) return { kind: 'not-found', message: `Function not found: ${ref}` };
    try {
      const result = await invoker.invoke(found, { requestId: request.requestId, payload: request.payload, traceId: request.traceHeader });
      if (result.outcome === 'error') {
        return { kind: 'function-error', payload: result.payload, executedVersion: result.executedVersion, errorType: result.errorType };
      }
      return { kind: 'success', payload: result.payload, executedVersion: result.executedVersion };
    } catch (err) {
      // A throttle, or a function still being created: both are "try again later" to a poller or queue.
      if (err instanceof AwsError && (err.code === 'TooManyRequestsException' || err.code === 'ResourceConflictException')) {
        return { kind: 'throttled', message: err.message };
      }
      throw err;
    }
  }

  /** Packages still in use: every version's code, and layers that exist or that a version uses. */
  function sweepPackages(): void {
    const referenced = new Set<string>();
    for (const v of store.allVersions()) {
      if (v.config.code.blobId) referenced.add(v.config.code.blobId);
      for (const layer of layerVersionsOf(store, v.config.Layers)) if (layer.code.blobId) referenced.add(layer.code.blobId);
    }
    for (const layer of store.layers.all()) if (!layer.deleted && layer.code.blobId) referenced.add(layer.code.blobId);
    try {
      const removed = code.sweep(referenced);
      if (removed > 0) deps.logger.info(`lambda: removed ${removed} unused code package file(s)`);
    } catch (err) {
      deps.logger.warn(`lambda: could not sweep unused code packages: ${err instanceof Error ? err.message : err}`);
    }
  }

  function extend(extension: LambdaExtension): void {
    extensions.push(extension);
    codec = new RestJsonCodec([...ownOperations, ...extensions.flatMap((e) => e.operations)], lambdaErrorBody);
    if (started) void extension.start?.();
  }

  return {
    name: 'lambda',
    signingNames: ['lambda'],
    claims: (req, url) => DATE_PREFIX.test(url.pathname) || url.pathname.startsWith(CODE_DOWNLOAD_PREFIX) || urlIdOfHost(req.headers.host) !== undefined,
    handle(exchange, ctx) {
      const urlId = urlIdOfHost(exchange.req.headers.host);
      return urlId ? serveFunctionUrl(context, exchange, ctx, urlId) : codec.handle(exchange, ctx);
    },
    async start() {
      functions.settleAll();
      sweepPackages();
      started = true;
      for (const extension of extensions) await extension.start?.();
    },
    async stop() {
      started = false;
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
      internals.recursion = queue.recursion;
      extend(queue);
    },

    async invokeAsync(request) {
      const found = findByRef(request.functionArn, defaultScope());
      if (!found) throw new AwsError('ResourceNotFoundException', `Function not found: ${request.functionArn}`, 404);
      if (!asyncQueue) throw new AwsError('ServiceException', 'Asynchronous invocation is not available: the async invocation queue is not wired in.', 500);
      const requestId = randomUUID();
      asyncQueue.enqueue(toResolvedFunction(found), { requestId, payload: request.payload, traceHeader: request.traceHeader, source: request.source });
      return { requestId };
    },
    async invokeSync(request) {
      const found = findByRef(request.functionArn, defaultScope());
      if (!found) return { kind: 'not-found', message: `Function not found: ${request.functionArn}` };
      const resolved = toResolvedFunction(found);
      let traceHeader = request.traceHeader;
      if (asyncQueue) {
        const admission = asyncQueue.recursion.admit(resolved, traceHeader);
        if (!admission.allowed) return { kind: 'recursion-stopped' };
        traceHeader = admission.traceHeader;
      }
      return invokeInternal(request.functionArn, defaultScope(), { requestId: randomUUID(), payload: request.payload, traceHeader });
    },
    functionExists: (arn) => findByRef(arn, defaultScope()) !== undefined,
  };
}

export type { ResolvedFunction };
