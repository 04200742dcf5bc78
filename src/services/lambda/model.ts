import { createHash } from 'node:crypto';
import { functionArn, type Scope } from './arns.js';
import type { FunctionLayer } from './layers.js';

/** Where a version's code lives: an unpacked zip (by content hash) or a hot-reload directory. */
export interface StoredCode {
  /** Base64 SHA-256 of the zip, as AWS reports `CodeSha256`. */
  sha256: string;
  size: number;
  /** Hex SHA-256: the blob id and the name of the unpacked directory. */
  blobId?: string;
  /** Development mode: run straight from this directory and reload on change. */
  hotReloadDir?: string;
}

/** The configuration of one version (`$LATEST` or published), in AWS's field names where it can be. */
export interface VersionConfig {
  Runtime?: string;
  Role: string;
  Handler?: string;
  Description: string;
  Timeout: number;
  MemorySize: number;
  Environment?: Record<string, string>;
  TracingMode: string;
  DeadLetterTargetArn?: string;
  KMSKeyArn?: string;
  Layers: FunctionLayer[];
  Architectures: string[];
  EphemeralStorageSize: number;
  LoggingConfig: Record<string, unknown>;
  /** `SnapStart.ApplyOn`; absent is `None`. */
  SnapStartApplyOn?: string;
  VpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[]; Ipv6AllowedForDualStack?: boolean };
  code: StoredCode;
  /** Milliseconds since the epoch. */
  lastModified: number;
  revisionId: string;
  state: 'Pending' | 'Active' | 'Failed';
  lastUpdateStatus?: 'InProgress' | 'Successful' | 'Failed';
}

/**
 * What AWS leaves out of the configurations it lists (ListFunctions, ListVersionsByFunction): the
 * state fields are GetFunction's (LocalStack's AWS-recorded test_list_functions, test_version_lifecycle).
 */
const NOT_LISTED = [
  'State',
  'StateReason',
  'StateReasonCode',
  'LastUpdateStatus',
  'LastUpdateStatusReason',
  'LastUpdateStatusReasonCode',
  'RuntimeVersionConfig',
];

/** A configuration as the list operations return it; `$LATEST` carries `:$LATEST` in its ARN. */
export function toListedConfiguration(scope: Scope, name: string, version: string, c: VersionConfig, qualifyLatest: boolean): Record<string, unknown> {
  const out = toFunctionConfiguration(scope, name, version, c, qualifyLatest && version === '$LATEST' ? '$LATEST' : undefined);
  for (const key of NOT_LISTED) delete out[key];
  return out;
}

/** `2026-11-26T16:00:00.000+0000`, the timestamp format of FunctionConfiguration. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/**
 * SnapStart as AWS reports it: `ApplyOn` as configured; the optimization is On only for published
 * versions of Java functions that apply it ($LATEST and other runtimes say Off).
 */
function snapStartOf(version: string, c: VersionConfig): { ApplyOn: string; OptimizationStatus: string } {
  const applyOn = c.SnapStartApplyOn ?? 'None';
  const on = applyOn === 'PublishedVersions' && version !== '$LATEST' && (c.Runtime ?? '').startsWith('java');
  return { ApplyOn: applyOn, OptimizationStatus: on ? 'On' : 'Off' };
}

export function runtimeVersionArn(region: string, runtime: string): string {
  return `arn:aws:lambda:${region}::runtime:${createHash('sha256').update(runtime).digest('hex')}`;
}

/**
 * A FunctionConfiguration as GetFunctionConfiguration (and every write operation) returns it.
 * Read through an alias, AWS answers with the alias ARN and the version the alias points to.
 */
export function toFunctionConfiguration(scope: Scope, name: string, version: string, c: VersionConfig, alias?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    FunctionName: name,
    // `alias` is also `$LATEST` when the caller named it: AWS then qualifies the ARN with it.
    FunctionArn: functionArn(scope, name, alias ?? (version === '$LATEST' ? undefined : version)),
    Runtime: c.Runtime,
    Role: c.Role,
    Handler: c.Handler,
    CodeSize: c.code.size,
    Description: c.Description,
    Timeout: c.Timeout,
    MemorySize: c.MemorySize,
    LastModified: lambdaTimestamp(c.lastModified),
    CodeSha256: c.code.sha256,
    Version: version,
  };
  if (c.VpcConfig) out.VpcConfig = { ...c.VpcConfig, VpcId: '' };
  if (c.Environment) out.Environment = { Variables: c.Environment };
  if (c.DeadLetterTargetArn) out.DeadLetterConfig = { TargetArn: c.DeadLetterTargetArn };
  if (c.KMSKeyArn) out.KMSKeyArn = c.KMSKeyArn;
  out.TracingConfig = { Mode: c.TracingMode };
  out.RevisionId = c.revisionId;
  if (c.Layers.length > 0) out.Layers = c.Layers.map((l) => ({ ...l }));
  out.State = c.state;
  if (c.state === 'Pending') {
    out.StateReason = 'The function is being created.';
    out.StateReasonCode = 'Creating';
  }
  if (c.lastUpdateStatus) out.LastUpdateStatus = c.lastUpdateStatus;
  if (c.lastUpdateStatus === 'InProgress') {
    out.LastUpdateStatusReason = 'The function is being created.';
    out.LastUpdateStatusReasonCode = 'Creating';
  }
  out.PackageType = 'Zip';
  out.Architectures = c.Architectures;
  out.EphemeralStorage = { Size: c.EphemeralStorageSize };
  out.SnapStart = snapStartOf(version, c);
  if (c.Runtime) out.RuntimeVersionConfig = { RuntimeVersionArn: runtimeVersionArn(scope.region, c.Runtime) };
  out.LoggingConfig = c.LoggingConfig;
  return out;
}
