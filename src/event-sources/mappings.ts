/**
 * The event source mapping control plane: create, read, update and delete with AWS's rules, the
 * lifecycle's settling, and a runner for every enabled mapping.
 */
import { randomUUID } from 'node:crypto';
import type { Timer } from '../clock.js';
import type { ServiceDeps } from '../services/deps.js';
import type { LambdaInternals, ResolvedFunction } from '../services/lambda/internal-api.js';
import { conflict, invalidParameter, mappingNotFound, resourceInUse } from './errors.js';
import { constraint, validationException } from '../protocols/constraints.js';
import { hasQualifier, nameOfRef } from './function-ref.js';
import { DELETION_MS, TRANSITION_MS, canTransition, isTransitional, settledState, stateForUpdate } from './lifecycle.js';
import { AwsError } from '../protocols/aws-error.js';
import type { EventSourceMapping, MappingState } from './model.js';
import { functionNameOf, mappingArn, uuidOfMappingArn } from './model.js';
import type { MappingRequest } from './request.js';
import type { MappingRunner, SourceKind } from './source-kind.js';
import { MappingStore } from './store.js';
import { checkModelConstraints, defaultsFor, mergeSettings, refuseUnsupported, restartKey } from './settings/apply.js';

export interface Scope {
  accountId: string;
  region: string;
}

export interface ListQuery {
  functionName?: string;
  eventSourceArn?: string;
  marker?: string;
  maxItems?: number;
}

export class EventSourceMappings {
  private readonly store: MappingStore;
  private readonly runners = new Map<string, { runner: MappingRunner; key: string }>();
  private readonly timers = new Map<string, Timer>();
  private running = false;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly internals: LambdaInternals,
    private readonly kinds: readonly SourceKind[],
  ) {
    this.store = new MappingStore(deps.store);
  }

  kindOf(eventSourceArn: string): SourceKind | undefined {
    return this.kinds.find((k) => k.recognizes(eventSourceArn));
  }

  create(req: MappingRequest, scope: Scope): EventSourceMapping {
    checkModelConstraints(req);
    if (!req.FunctionName) throw validationException([{ at: 'functionName', value: null, constraint: constraint.notNull() }]);
    const arn = req.EventSourceArn;
    const kind = arn ? this.kindOf(arn) : undefined;
    if (!arn || !kind) throw invalidParameter('Unrecognized event source.');
    const fn = this.resolveFunction(req.FunctionName, scope);
    kind.checkExists(arn, this.deps);
    const settings = mergeSettings(defaultsFor(kind.name), req, 'create');
    refuseUnsupported(kind.name, req, 'create');
    kind.validate(settings, req, arn, this.deps, fn);
    const functionArn = hasQualifier(req.FunctionName) ? fn.qualifiedArn : fn.unqualifiedArn;
    const existing = this.store
      .list(scope.accountId, scope.region)
      .find((m) => m.eventSourceArn === arn && m.functionArn === functionArn && m.state !== 'Deleting');
    if (existing) throw conflict(kind.duplicateMessage(arn, fn.functionName, existing.uuid));
    const mapping: EventSourceMapping = {
      ...settings,
      uuid: randomUUID(),
      accountId: scope.accountId,
      region: scope.region,
      eventSourceArn: arn,
      functionArn,
      enabled: req.Enabled ?? true,
      state: 'Creating',
      lastModified: this.deps.clock.now(),
    };
    this.store.insert(mapping, tagsOf(req));
    this.settleLater(mapping.uuid);
    return mapping;
  }

  get(uuid: string, scope: Scope): EventSourceMapping {
    const m = this.store.get(uuid);
    if (!m || m.accountId !== scope.accountId || m.region !== scope.region) throw mappingNotFound();
    return m;
  }

  list(scope: Scope, query: ListQuery): { mappings: EventSourceMapping[]; nextMarker?: string } {
    let all = this.store.list(scope.accountId, scope.region);
    if (query.eventSourceArn) all = all.filter((m) => m.eventSourceArn === query.eventSourceArn);
    if (query.functionName) {
      const ref = query.functionName;
      const name = nameOfRef(ref);
      const qualifier = hasQualifier(ref) ? ref.split(':').pop() : undefined;
      all = all.filter((m) => functionNameOf(m.functionArn) === name && (qualifier === undefined || m.functionArn.endsWith(`:${name}:${qualifier}`)));
    }
    const start = query.marker ? Math.max(0, Number.parseInt(query.marker, 10) || 0) : 0;
    const max = query.maxItems ?? 100;
    const page = all.slice(start, start + max);
    const next = start + max < all.length ? String(start + max) : undefined;
    return { mappings: page, nextMarker: next };
  }

  update(uuid: string, req: MappingRequest, scope: Scope): EventSourceMapping {
    const current = this.get(uuid, scope);
    if (current.state === 'Deleting') throw resourceInUse(`Cannot update the event source mapping because it is in use.`);
    checkModelConstraints(req);
    const kind = this.kindOf(current.eventSourceArn);
    if (!kind) throw invalidParameter('Unrecognized event source.');
    let functionArn = current.functionArn;
    let fn = this.internals.resolve(current.functionArn, scope);
    if (req.FunctionName) {
      fn = this.resolveFunction(req.FunctionName, scope);
      functionArn = hasQualifier(req.FunctionName) ? fn.qualifiedArn : fn.unqualifiedArn;
    }
    const settings = mergeSettings(current, req, 'update');
    refuseUnsupported(kind.name, req, 'update');
    kind.validate(settings, req, current.eventSourceArn, this.deps, fn);
    if (functionArn !== current.functionArn) {
      const other = this.store
        .list(scope.accountId, scope.region)
        .find((m) => m.uuid !== uuid && m.eventSourceArn === current.eventSourceArn && m.functionArn === functionArn && m.state !== 'Deleting');
      if (other) throw conflict(kind.duplicateMessage(current.eventSourceArn, functionNameOf(functionArn), other.uuid));
    }
    const enabled = req.Enabled ?? current.enabled;
    const wasEnabled = isTransitional(current.state) ? current.enabled : current.state === 'Enabled';
    const state = stateForUpdate(wasEnabled, enabled);
    const next: EventSourceMapping = {
      ...current,
      ...settings,
      functionArn,
      enabled,
      state: canTransition(current.state, state) ? state : current.state,
      lastModified: this.deps.clock.now(),
    };
    this.store.save(next);
    this.settleLater(uuid);
    return next;
  }

  delete(uuid: string, scope: Scope): EventSourceMapping {
    const current = this.get(uuid, scope);
    if (current.state === 'Deleting') return current;
    const next: EventSourceMapping = { ...current, state: 'Deleting' };
    this.store.setState(uuid, 'Deleting');
    void this.stopRunner(uuid);
    this.settleLater(uuid, DELETION_MS);
    return next;
  }

  /** The tags of the mapping `arn` names (TagResource, UntagResource and ListTags). */
  tags(arn: string, scope: Scope): Record<string, string> {
    return this.store.tags(this.taggedUuid(arn, scope))!;
  }

  setTags(arn: string, scope: Scope, tags: Record<string, string>): void {
    this.store.setTags(this.taggedUuid(arn, scope), tags);
  }

  private taggedUuid(arn: string, scope: Scope): string {
    const m = this.store.get(uuidOfMappingArn(arn) ?? '');
    if (!m || m.accountId !== scope.accountId || m.region !== scope.region || mappingArn(m) !== arn) {
      throw new AwsError('ResourceNotFoundException', `Event source mapping not found: ${arn}`, 404);
    }
    return m.uuid;
  }

  /** Settles every mapping left mid-transition and starts the runners of enabled ones. */
  start(): void {
    this.running = true;
    for (const m of this.store.all()) {
      if (isTransitional(m.state)) this.settle(m.uuid);
      else this.sync(m);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    await Promise.all([...this.runners.keys()].map((uuid) => this.stopRunner(uuid)));
  }

  health(): Record<string, unknown> {
    return {
      status: 'running',
      mappings: Object.fromEntries([...this.runners].map(([uuid, r]) => [uuid, r.runner.health?.() ?? {}])),
    };
  }

  private resolveFunction(ref: string, scope: Scope): ResolvedFunction {
    const fn = this.internals.resolve(ref, scope);
    if (!fn) throw invalidParameter('Function does not exist');
    return fn;
  }

  private settleLater(uuid: string, delayMs = TRANSITION_MS): void {
    this.timers.get(uuid)?.cancel();
    this.timers.set(
      uuid,
      this.deps.clock.schedule(delayMs, () => {
        this.timers.delete(uuid);
        this.settle(uuid);
      }),
    );
  }

  private settle(uuid: string): void {
    const m = this.store.get(uuid);
    if (!m) return;
    const target = settledState(m.state, m.enabled);
    if (target === 'gone') {
      this.store.delete(uuid);
      const kind = this.kindOf(m.eventSourceArn);
      void this.stopRunner(uuid).then(() => kind?.forget?.(uuid, this.deps));
      return;
    }
    if (target !== m.state && canTransition(m.state, target as MappingState)) {
      this.store.setState(uuid, target);
      m.state = target;
    }
    this.sync(m);
  }

  /** Runs a runner for an enabled mapping (restarting it when its settings changed); stops others. */
  private sync(m: EventSourceMapping): void {
    if (!this.running) return;
    const key = restartKey(m);
    const current = this.runners.get(m.uuid);
    if (m.state !== 'Enabled') {
      if (current) void this.stopRunner(m.uuid);
      return;
    }
    if (current?.key === key) return;
    const kind = this.kindOf(m.eventSourceArn);
    if (!kind) return;
    const previous = current ? this.stopRunner(m.uuid) : Promise.resolve();
    void previous.then(() => {
      if (!this.running || this.runners.has(m.uuid)) return;
      const latest = this.store.get(m.uuid);
      if (latest?.state !== 'Enabled') return;
      let lastResult = latest.lastProcessingResult;
      const recordResult = (result: string) => {
        if (result === lastResult) return;
        lastResult = result;
        this.store.setLastProcessingResult(m.uuid, result);
      };
      this.runners.set(m.uuid, { runner: kind.startRunner(latest, { deps: this.deps, internals: this.internals, recordResult }), key });
    });
  }

  private async stopRunner(uuid: string): Promise<void> {
    const current = this.runners.get(uuid);
    if (!current) return;
    this.runners.delete(uuid);
    await current.runner.stop();
  }
}

/** `Tags` of CreateEventSourceMapping; like CreateFunction, Lambda applies no rules of its own to them. */
function tagsOf(req: MappingRequest): Record<string, string> {
  const tags = req.Tags as unknown;
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return {};
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]));
}
