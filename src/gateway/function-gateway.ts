import type { Clock } from '../clock.js';
import { ThrottledError, type Engine, type InvokeRequest } from '../engine/types.js';
import type { Observations } from '../observations/bus.js';
import type { CorrelationIds, InvocationOutcomeKind } from '../observations/types.js';
import { throttled } from './errors.js';
import type { CatalogEntry, FunctionCatalog } from './function-catalog.js';
import { RecursionConfigs } from './recursion-configs.js';
import { createRecursionGuard, type RecursionGuard } from './recursion-guard.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/database.js';
import type { FunctionGateway, GatewayInvokeRequest, GatewayOutcome, ResolvedFunction, Scope } from './types.js';

/** Must only look (and keep references): it runs on every invocation's path. */
export type InvocationListener = (request: GatewayInvokeRequest, fn: ResolvedFunction) => void;

export interface GatewayOptions {
  engine: Engine;
  clock: Clock;
  logger: Logger;
  observations: Observations;
  store: Store;
}

/**
 * The function gateway (see types.ts). The catalog is attached by the Lambda service once it
 * exists; until then every function is not found.
 */
export class Gateway implements FunctionGateway {
  private catalog?: FunctionCatalog;
  /** Entries of functions handed out by `resolve`, so invoking one does not look it up again. */
  private readonly entries = new WeakMap<ResolvedFunction, CatalogEntry>();

  /** Put/GetFunctionRecursionConfig's settings, which the guard reads. */
  readonly recursionConfigs: RecursionConfigs;
  private readonly recursion: RecursionGuard;
  /** Told of each invocation about to run (the dashboard keeps recent events for replay); empty unless someone listens. */
  private readonly invocationListeners: InvocationListener[] = [];

  constructor(private readonly options: GatewayOptions) {
    this.recursionConfigs = new RecursionConfigs(options.store);
    this.recursion = createRecursionGuard(this.recursionConfigs, options.clock, options.logger);
  }

  /** Calls `listener` with each invocation the gateway is about to run; returns the unsubscribe. */
  onInvocation(listener: InvocationListener): () => void {
    this.invocationListeners.push(listener);
    return () => {
      const at = this.invocationListeners.indexOf(listener);
      if (at >= 0) this.invocationListeners.splice(at, 1);
    };
  }

  attach(catalog: FunctionCatalog): void {
    this.catalog = catalog;
  }

  resolve(ref: string, scope: Scope): ResolvedFunction | undefined {
    const entry = this.catalog?.find(ref, scope);
    if (!entry) return undefined;
    this.entries.set(entry.fn, entry);
    return entry.fn;
  }

  /** Hands out a function a caller found through the catalog itself (the Invoke API checks it before anything else). */
  adopt(entry: CatalogEntry): ResolvedFunction {
    this.entries.set(entry.fn, entry);
    return entry.fn;
  }

  async invoke(request: GatewayInvokeRequest): Promise<GatewayOutcome> {
    const entry = this.entryFor(request.function);
    if (!entry) {
      const ref = 'ref' in request.function ? request.function.ref : request.function.qualifiedArn;
      return { kind: 'not-found', message: `Function not found: ${ref}` };
    }
    const { fn } = entry;
    const { observations, clock } = this.options;
    // Built only when somebody observes: with no subscriber an invoke allocates nothing for observations.
    const ids = (): CorrelationIds => ({ ...request.cause.ids, invocationId: request.requestId, functionArn: fn.unqualifiedArn });

    let traceHeader = request.traceHeader;
    if (request.recursion !== 'exempt') {
      const admission = this.recursion.admit(fn, traceHeader);
      if (!admission.allowed) {
        observations.emit({ type: 'loop.stopped', ids: ids(), count: admission.count });
        return this.finished({ kind: 'recursion-stopped', fn, count: admission.count }, request, ids, 0);
      }
      traceHeader = admission.traceHeader;
    }
    const conflict = entry.notInvocable();
    if (conflict) return this.finished({ kind: 'not-invocable', fn, error: conflict }, request, ids, 0);
    if (fn.reservedConcurrency === 0) {
      return this.finished({ kind: 'throttled', fn, error: throttled('ReservedFunctionConcurrentInvocationLimitExceeded') }, request, ids, 0);
    }

    if (observations.wants('invocation.started')) {
      observations.emit({ type: 'invocation.started', ids: ids(), source: request.cause.source, qualifiedArn: fn.qualifiedArn });
    }
    for (const listener of this.invocationListeners) {
      try {
        listener(request, fn);
      } catch {
        // A listener's failure is its own; the invocation goes on.
      }
    }
    const startedAt = clock.now();
    try {
      const invokeRequest: InvokeRequest = {
        requestId: request.requestId,
        payload: request.payload,
        invokedFunctionArn: entry.invokedArn,
        clientContext: request.clientContext,
        tenantId: request.tenantId,
        traceId: traceHeader,
        tail: request.tail,
      };
      if (request.responseStream) invokeRequest.stream = request.responseStream;
      const result = await this.options.engine.invoke(entry.spec(), invokeRequest);
      const common: { fn: ResolvedFunction; payload: Buffer; executedVersion: string; durationMs: number; logTail?: string; streamed?: boolean } = {
        fn,
        payload: result.payload,
        executedVersion: fn.version,
        durationMs: result.durationMs,
        logTail: result.logTail,
      };
      if (result.streamed) common.streamed = true;
      const outcome: GatewayOutcome =
        result.outcome === 'success' ? { kind: 'success', ...common } : { kind: 'function-error', ...common, errorType: result.errorType };
      return this.finished(outcome, request, ids, result.durationMs, result.initDurationMs !== undefined);
    } catch (err) {
      const outcome: GatewayOutcome =
        err instanceof ThrottledError
          ? { kind: 'throttled', fn, error: throttled(err.reason) }
          : { kind: 'system-error', fn, error: err instanceof Error ? err : new Error(String(err)) };
      return this.finished(outcome, request, ids, clock.now() - startedAt);
    }
  }

  private entryFor(target: GatewayInvokeRequest['function']): CatalogEntry | undefined {
    if ('ref' in target) return this.catalog?.find(target.ref, target.scope);
    return this.entries.get(target) ?? this.catalog?.find(target.qualifiedArn, target);
  }

  private finished(outcome: GatewayOutcome, request: GatewayInvokeRequest, ids: () => CorrelationIds, durationMs: number, coldStart?: boolean): GatewayOutcome {
    const { observations } = this.options;
    if (outcome.kind !== 'not-found' && observations.wants('invocation.finished')) {
      observations.emit({
        type: 'invocation.finished',
        ids: ids(),
        source: request.cause.source,
        qualifiedArn: outcome.fn.qualifiedArn,
        outcome: outcome.kind as InvocationOutcomeKind,
        durationMs,
        errorType: outcome.kind === 'function-error' ? outcome.errorType : undefined,
        coldStart,
      });
    }
    return outcome;
  }
}
