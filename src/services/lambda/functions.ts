import { randomUUID } from 'node:crypto';
import type { FunctionSpec } from '../../engine/types.js';
import type { ServiceDeps } from '../deps.js';
import { functionArn, notFoundFor, type FunctionRef, type Scope } from './arns.js';
import type { CodeStore } from './code.js';
import { layerVersionsOf } from './layers.js';
import { conflict, updateInProgress } from './errors.js';
import type { VersionConfig } from './model.js';
import type { FunctionRow, LambdaStore } from './store.js';

/** A function reference looked up: the function, the version it lands on, and that version's config. */
export interface FoundFunction {
  scope: Scope;
  name: string;
  fn: FunctionRow;
  /** `$LATEST` or a version number (an alias is already followed). */
  version: string;
  /** The qualifier the caller used (`$LATEST`, a version, an alias), when there was one. */
  qualifier?: string;
  config: VersionConfig;
}

/**
 * The functions of every account and region: lookup (names, versions, aliases), the state
 * machine (Pending → Active, InProgress → Successful) and the FunctionSpec the engine runs.
 */
export class LambdaFunctions {
  private readonly specs = new Map<string, FunctionSpec>();

  constructor(
    private readonly deps: ServiceDeps,
    readonly store: LambdaStore,
    readonly code: CodeStore,
  ) {}

  /**
   * Looks a reference up; undefined when the function, version or alias does not exist. `routed`
   * applies an alias's weighted routing (invokes); otherwise an alias means its primary version.
   */
  find(ref: FunctionRef, routed = false): FoundFunction | undefined {
    const scope = { accountId: ref.accountId, region: ref.region };
    const fn = this.store.getFunction(scope, ref.name);
    if (!fn) return undefined;
    let version = '$LATEST';
    const q = ref.qualifier;
    if (q !== undefined && q !== '$LATEST') {
      if (/^\d+$/.test(q)) {
        version = q;
      } else {
        const alias = this.store.getAlias(scope, ref.name, q);
        if (!alias) return undefined;
        version = routed ? pickWeighted(alias.functionVersion, alias.routing) : alias.functionVersion;
      }
    }
    const config = this.store.getVersion(scope, ref.name, version);
    if (!config) return undefined;
    return { scope, name: ref.name, fn, version, qualifier: q, config };
  }

  /** Like `find`, but throws AWS's ResourceNotFoundException. */
  get(ref: FunctionRef): FoundFunction {
    const found = this.find(ref);
    if (!found) throw notFoundFor(ref);
    return found;
  }

  /** Throws AWS's conflict when `$LATEST` is still being created or updated. */
  assertNotUpdating(found: FoundFunction): void {
    if (found.config.state === 'Pending' || found.config.lastUpdateStatus === 'InProgress') {
      throw updateInProgress(functionArn(found.scope, found.name));
    }
  }

  /** Throws AWS's conflict for invoking a function that is not Active yet. */
  assertInvocable(found: FoundFunction): void {
    if (found.config.state !== 'Active') {
      throw conflict(`The operation cannot be performed at this time. The function is currently in the following state: ${found.config.state}`);
    }
  }

  /**
   * Finishes a create (Pending → Active) or an update (InProgress → Successful) once the code is
   * in place: on AWS this takes seconds; here the package is already unpacked, so it is the next
   * turn of the event loop, after the response that reported the transitional state.
   */
  settle(scope: Scope, name: string, version: string, revisionId: string): void {
    setImmediate(() => {
      try {
        const config = this.store.getVersion(scope, name, version);
        if (!config || config.revisionId !== revisionId) return;
        // Every state transition is a new revision on AWS (Pending → Active, InProgress → Successful).
        this.store.putVersion(scope, name, version, { ...config, state: 'Active', lastUpdateStatus: 'Successful', revisionId: randomUUID() });
      } catch (err) {
        this.deps.logger.warn(`could not activate function ${name}: ${err instanceof Error ? err.message : err}`);
      }
    });
  }

  /** After a restart, nothing is still being created or updated. */
  settleAll(): void {
    this.store.provisioned.readyAll();
    for (const v of this.store.allVersions()) {
      if (v.config.state === 'Active' && v.config.lastUpdateStatus === 'Successful') continue;
      this.store.putVersion(v.scope, v.name, v.version, { ...v.config, state: 'Active', lastUpdateStatus: 'Successful', revisionId: randomUUID() });
    }
  }

  /** What the engine needs to run this version; cached per revision. */
  spec(found: FoundFunction): FunctionSpec {
    const { config, scope, name, version } = found;
    const key = `${scope.accountId}:${scope.region}:${name}:${version}:${config.revisionId}:${found.fn.reservedConcurrency ?? ''}`;
    const cached = this.specs.get(key);
    if (cached) return cached;
    const spec: FunctionSpec = {
      revision: config.revisionId,
      functionName: name,
      functionArn: functionArn(scope, name),
      version,
      accountId: scope.accountId,
      region: scope.region,
      runtime: config.Runtime ?? 'provided.al2023',
      handler: config.Handler ?? '',
      codeDir: this.code.codeDir(config.code),
      layerDirs: layerVersionsOf(this.store, config.Layers).map((layer) => this.code.codeDir(layer.code)),
      memorySizeMb: config.MemorySize,
      timeoutSeconds: config.Timeout,
      ephemeralStorageMb: config.EphemeralStorageSize,
      architecture: config.Architectures[0] ?? 'x86_64',
      environment: { ...config.Environment, ...logFormatEnvironment(config.LoggingConfig) },
      reservedConcurrency: found.fn.reservedConcurrency,
      logGroupName: String(config.LoggingConfig.LogGroup ?? `/aws/lambda/${name}`),
      watchCode: config.code.hotReloadDir !== undefined,
    };
    if (this.specs.size > 1000) this.specs.clear();
    this.specs.set(key, spec);
    return spec;
  }
}

/**
 * With `LoggingConfig.LogFormat: JSON` Lambda tells the runtime through AWS_LAMBDA_LOG_FORMAT and
 * AWS_LAMBDA_LOG_LEVEL (the application log level, INFO unless configured).
 */
function logFormatEnvironment(logging: Record<string, unknown>): Record<string, string> {
  if (logging.LogFormat !== 'JSON') return {};
  return { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: String(logging.ApplicationLogLevel ?? 'INFO') };
}

/** An alias with `AdditionalVersionWeights` sends that share of invokes to the other versions. */
function pickWeighted(primary: string, routing: Record<string, number> | undefined): string {
  if (!routing) return primary;
  let roll = Math.random();
  for (const [version, weight] of Object.entries(routing)) {
    if (roll < weight) return version;
    roll -= weight;
  }
  return primary;
}
