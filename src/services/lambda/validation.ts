import { assertValid, constraint, describeViolation, structure, type Shape } from '../../protocols/constraints.js';
import { invalidParameter } from './errors.js';
import { PATTERNS, RUNTIMES, SHAPES } from './shapes.js';

/** Every runtime the Lambda model knows (the one table: ./shapes.ts). */
export { RUNTIMES };

/**
 * Runtimes AWS no longer accepts for creating or updating functions. Only long-retired ones are
 * listed; runtimes in their deprecation grace period are still accepted, as AWS does for a while.
 */
export const BLOCKED_RUNTIMES = new Set([
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'java8',
  'provided',
]);

const SUPPORTED_RUNTIMES = RUNTIMES.filter((r) => !BLOCKED_RUNTIMES.has(r));

export const ROLE_PATTERN = PATTERNS.RoleArn;
const ENV_KEY_PATTERN = '[a-zA-Z]([a-zA-Z0-9_])+';

/** Environment variables Lambda sets itself; users may not override them. */
const RESERVED_ENV_KEYS = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** The configuration members CreateFunction and UpdateFunctionConfiguration share, as the model constrains them. */
const FUNCTION_CONFIG_MEMBERS: Readonly<Record<string, Shape>> = {
  Role: { type: 'string', pattern: ROLE_PATTERN },
  Handler: { type: 'string', length: { max: 128 }, pattern: '[^\\s]+' },
  Description: { type: 'string', length: { max: 256 } },
  Timeout: { type: 'integer', range: { min: 1, max: 900 } },
  MemorySize: { type: 'integer', range: { min: 128, max: 10240 } },
  // A function's list quotes its member as not null too (AWS, test_create_lambda_exceptions); a layer's does not.
  Architectures: { type: 'list', length: { min: 1, max: 1 }, member: { ...SHAPES.Architecture, required: true } },
  TracingConfig: structure({ Mode: { type: 'string', enum: ['Active', 'PassThrough'] } }),
  SnapStart: structure({ ApplyOn: { type: 'string', enum: ['PublishedVersions', 'None'] } }),
  EphemeralStorage: structure({ Size: { type: 'integer', range: { min: 512, max: 10240 } } }),
  Environment: structure({ Variables: { type: 'map', sensitive: true, key: { type: 'string', pattern: ENV_KEY_PATTERN } } }),
  LoggingConfig: structure({
    LogFormat: { type: 'string', enum: ['JSON', 'Text'] },
    ApplicationLogLevel: { type: 'string', enum: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] },
    SystemLogLevel: { type: 'string', enum: ['DEBUG', 'INFO', 'WARN'] },
    LogGroup: { type: 'string', length: { min: 1, max: 512 }, pattern: '[\\.\\-_/#A-Za-z0-9]+' },
  }),
};

const UPDATE_CONFIG = structure(FUNCTION_CONFIG_MEMBERS);
const CREATE_CONFIG = structure({ ...FUNCTION_CONFIG_MEMBERS, Role: { type: 'string', required: true, pattern: ROLE_PATTERN } });

/**
 * Validates the configuration members shared by CreateFunction and UpdateFunctionConfiguration,
 * in the order AWS checks them: model constraints first (ValidationException), then the service's
 * own rules (InvalidParameterValueException).
 */
export function validateFunctionConfig(input: Record<string, unknown>, creating: boolean): void {
  assertValid(creating ? CREATE_CONFIG : UPDATE_CONFIG, input);
  const logging = input.LoggingConfig as Record<string, unknown> | undefined;
  const variables = (input.Environment as { Variables?: unknown } | undefined)?.Variables;

  // An update that names no format keeps the function's own, which may be JSON.
  const format = logging?.LogFormat ?? (creating ? 'Text' : undefined);
  if (logging && format === 'Text' && (logging.ApplicationLogLevel !== undefined || logging.SystemLogLevel !== undefined)) {
    throw invalidParameter(
      'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "Json" and try again.',
    );
  }
  if (input.Runtime !== undefined) validateRuntime(String(input.Runtime));
  if (variables && typeof variables === 'object') validateEnvironment(variables as Record<string, unknown>);
}

export function validateRuntime(runtime: string): void {
  if (!(RUNTIMES as readonly string[]).includes(runtime)) {
    // Lambda words this one as a parameter error, unquoted, and lists only the runtimes it still accepts.
    const violation = { at: 'runtime', value: runtime, constraint: constraint.enum(SUPPORTED_RUNTIMES) };
    throw invalidParameter(`${describeViolation(violation, { unquoted: true })} or be a valid ARN`);
  }
  if (BLOCKED_RUNTIMES.has(runtime)) {
    throw invalidParameter(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
}

function validateEnvironment(variables: Record<string, unknown>): void {
  const reserved = Object.keys(variables).filter((k) => RESERVED_ENV_KEYS.has(k));
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > 4096) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}
