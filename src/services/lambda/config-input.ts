import type { FunctionLayer } from './layers.js';
import type { VersionConfig } from './model.js';

/** Members of CreateFunction / UpdateFunctionConfiguration that shape a version's configuration. */
export interface ConfigInput {
  Runtime?: string;
  Role?: string;
  Handler?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
  TracingConfig?: { Mode?: string };
  DeadLetterConfig?: { TargetArn?: string };
  KMSKeyArn?: string;
  Layers?: string[];
  Architectures?: string[];
  EphemeralStorage?: { Size?: number };
  LoggingConfig?: Record<string, unknown>;
  SnapStart?: { ApplyOn?: string };
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[]; Ipv6AllowedForDualStack?: boolean };
}

/** The configuration of a new function: AWS's defaults overlaid with what the request gave. */
export function defaultConfig(name: string): Omit<VersionConfig, 'Role' | 'code' | 'lastModified' | 'revisionId' | 'state'> {
  return {
    Description: '',
    Timeout: 3,
    MemorySize: 128,
    TracingMode: 'PassThrough',
    Layers: [],
    Architectures: ['x86_64'],
    EphemeralStorageSize: 512,
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  };
}

/**
 * Applies the members present in `input` to `config` (absent members keep their value). `layers`
 * are the request's `Layers`, already checked and sized by `resolveFunctionLayers`.
 */
export function applyConfigInput(config: VersionConfig, input: ConfigInput, name: string, layers?: FunctionLayer[]): VersionConfig {
  const next: VersionConfig = { ...config };
  if (input.Runtime !== undefined) next.Runtime = input.Runtime;
  if (input.Role !== undefined) next.Role = input.Role;
  if (input.Handler !== undefined) next.Handler = input.Handler;
  if (input.Description !== undefined) next.Description = input.Description;
  if (input.Timeout !== undefined) next.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) next.MemorySize = input.MemorySize;
  // `Environment: {}` leaves the variables alone; `{Variables: {}}` clears them, and AWS then
  // answers `Environment: {Variables: {}}` (LocalStack's AWS-recorded test_function_lifecycle).
  if (input.Environment?.Variables !== undefined) next.Environment = { ...input.Environment.Variables };
  if (input.TracingConfig?.Mode !== undefined) next.TracingMode = input.TracingConfig.Mode;
  if (input.SnapStart?.ApplyOn !== undefined) next.SnapStartApplyOn = input.SnapStart.ApplyOn;
  if (input.DeadLetterConfig !== undefined) next.DeadLetterTargetArn = input.DeadLetterConfig.TargetArn || undefined;
  if (input.KMSKeyArn !== undefined) next.KMSKeyArn = input.KMSKeyArn || undefined;
  if (layers !== undefined) next.Layers = layers;
  if (input.Architectures !== undefined) next.Architectures = [...input.Architectures];
  if (input.EphemeralStorage?.Size !== undefined) next.EphemeralStorageSize = input.EphemeralStorage.Size;
  if (input.LoggingConfig !== undefined) {
    // Members the request leaves out keep their values; the Text format has no log levels.
    const logging: Record<string, unknown> = { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}`, ...config.LoggingConfig, ...input.LoggingConfig };
    if (logging.LogFormat === 'Text') {
      delete logging.ApplicationLogLevel;
      delete logging.SystemLogLevel;
    }
    next.LoggingConfig = logging;
  }
  if (input.VpcConfig !== undefined) {
    const subnets = input.VpcConfig.SubnetIds ?? [];
    const groups = input.VpcConfig.SecurityGroupIds ?? [];
    next.VpcConfig =
      subnets.length || groups.length
        ? { SubnetIds: subnets, SecurityGroupIds: groups, Ipv6AllowedForDualStack: input.VpcConfig.Ipv6AllowedForDualStack ?? false }
        : undefined;
  }
  return next;
}
