import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { functionSecretFor } from '../auth/credentials.js';
import type { LaunchPlan } from './launch.js';
import type { FunctionSpec } from './types.js';

/** `YYYY/MM/DD/[<version>]<32 hex>`, the shape of Lambda's log stream names. */
export function newLogStreamName(spec: FunctionSpec, now: number): string {
  const date = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[${spec.version}]${randomBytes(16).toString('hex')}`;
}

export interface InstanceEnvironmentInput {
  spec: FunctionSpec;
  plan: LaunchPlan;
  runtimeApi: string;
  logStreamName: string;
  endpointUrl: string;
}

/**
 * The environment of a function process: a minimal base (never the server's own), the defaults
 * that point the function's SDK at Tributary (unless the function overrides them), the function's
 * variables, then the variables Lambda reserves.
 */
export function instanceEnvironment({ spec, plan, runtimeApi, logStreamName, endpointUrl }: InstanceEnvironmentInput): Record<string, string> {
  const layerBins = spec.layerDirs.map((dir) => path.join(dir, 'bin'));
  const layerLibs = spec.layerDirs.map((dir) => path.join(dir, 'lib'));
  const base: Record<string, string> = {
    PATH: [...plan.binDirs, ...layerBins, process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(path.delimiter),
    HOME: os.homedir(),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LD_LIBRARY_PATH: [path.join(spec.codeDir, 'lib'), ...layerLibs, spec.codeDir].join(path.delimiter),
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_ENDPOINT_URL: endpointUrl,
    // A 12-digit access key id makes Tributary scope the function's own calls to its account.
    AWS_ACCESS_KEY_ID: spec.accountId,
    // Verified under --enforce-auth: the function acts as its own account, and only as that.
    AWS_SECRET_ACCESS_KEY: functionSecretFor(spec.accountId),
    AWS_SESSION_TOKEN: 'tributary-session-token',
    ...plan.env,
  };
  const reserved: Record<string, string> = {
    _HANDLER: spec.handler,
    AWS_REGION: spec.region,
    AWS_DEFAULT_REGION: spec.region,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySizeMb),
    AWS_LAMBDA_FUNCTION_VERSION: spec.version,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    LAMBDA_TASK_ROOT: spec.codeDir,
    LAMBDA_RUNTIME_DIR: plan.runtimeDir,
  };
  if (plan.executionEnv) reserved.AWS_EXECUTION_ENV = plan.executionEnv;
  return { ...base, ...spec.environment, ...reserved };
}
