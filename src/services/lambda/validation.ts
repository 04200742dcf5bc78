import { AwsError } from '../../protocols/aws-error.js';
import { invalidParameter, validationError } from './errors.js';

/** Every runtime the Lambda model knows. */
export const RUNTIMES = [
  'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'java8', 'java8.al2',
  'java11', 'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1',
  'dotnetcore3.1', 'dotnet6', 'dotnet8', 'nodejs4.3-edge', 'go1.x', 'ruby2.5', 'ruby2.7', 'provided', 'provided.al2', 'nodejs18.x',
  'python3.10', 'java17', 'ruby3.2', 'ruby3.3', 'ruby3.4', 'python3.11', 'nodejs20.x', 'provided.al2023', 'python3.12', 'java21',
  'python3.13', 'nodejs22.x', 'nodejs24.x', 'python3.14', 'java25', 'dotnet10', 'ruby4.0',
] as const;

/**
 * Runtimes AWS no longer accepts for creating or updating functions. Only long-retired ones are
 * listed; runtimes in their deprecation grace period are still accepted, as AWS does for a while.
 */
export const BLOCKED_RUNTIMES = new Set([
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x',
  'python2.7', 'python3.6', 'python3.7', 'python3.8', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1', 'dotnet6',
  'go1.x', 'ruby2.5', 'ruby2.7', 'java8', 'provided',
]);

const SUPPORTED_RUNTIMES = RUNTIMES.filter((r) => !BLOCKED_RUNTIMES.has(r));

export const ROLE_PATTERN = 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+';
const ENV_KEY_PATTERN = '[a-zA-Z]([a-zA-Z0-9_])+';

/** Environment variables Lambda sets itself; users may not override them. */
const RESERVED_ENV_KEYS = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

/** One constraint of one request member, as Smithy states it. */
interface FieldRule {
  /** Request member (PascalCase, as in the JSON body). */
  field: string;
  /** How AWS names it in messages (camelCase path). */
  member: string;
  type: 'string' | 'integer';
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  min?: number;
  max?: number;
  /** Don't echo the value (AWS hides sensitive members). */
  sensitive?: boolean;
}

const FUNCTION_CONFIG_RULES: readonly FieldRule[] = [
  { field: 'Role', member: 'role', type: 'string', pattern: ROLE_PATTERN },
  { field: 'Handler', member: 'handler', type: 'string', maxLength: 128, pattern: '[^\\s]+' },
  { field: 'Description', member: 'description', type: 'string', maxLength: 256 },
  { field: 'Timeout', member: 'timeout', type: 'integer', min: 1, max: 900 },
  { field: 'MemorySize', member: 'memorySize', type: 'integer', min: 128, max: 10240 },
];

/** `LoggingConfig` members whose values come from a fixed set. */
const LOGGING_ENUMS: readonly { field: string; member: string; values: readonly string[] }[] = [
  { field: 'LogFormat', member: 'loggingConfig.logFormat', values: ['JSON', 'Text'] },
  { field: 'ApplicationLogLevel', member: 'loggingConfig.applicationLogLevel', values: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] },
  { field: 'SystemLogLevel', member: 'loggingConfig.systemLogLevel', values: ['DEBUG', 'INFO', 'WARN'] },
];

const LOG_GROUP_RULE: FieldRule = { field: 'LogGroup', member: 'loggingConfig.logGroup', type: 'string', minLength: 1, maxLength: 512, pattern: '[\\.\\-_/#A-Za-z0-9]+' };

const CREATE_ONLY_RULES: readonly FieldRule[] = [{ field: 'Role', member: 'role', type: 'string', required: true, pattern: ROLE_PATTERN }];

function checkRule(rule: FieldRule, value: unknown): string | undefined {
  const shown = (v: unknown) => (rule.sensitive ? '' : `'${String(v)}' `);
  if (value === undefined || value === null) {
    return rule.required ? `Value null at '${rule.member}' failed to satisfy constraint: Member must not be null` : undefined;
  }
  const prefix = `Value ${shown(value)}at '${rule.member}' failed to satisfy constraint:`;
  if (rule.type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return `${prefix} Member must be an integer`;
    if (rule.min !== undefined && value < rule.min) return `${prefix} Member must have value greater than or equal to ${rule.min}`;
    if (rule.max !== undefined && value > rule.max) return `${prefix} Member must have value less than or equal to ${rule.max}`;
    return undefined;
  }
  const s = String(value);
  if (rule.minLength !== undefined && s.length < rule.minLength) return `${prefix} Member must have length greater than or equal to ${rule.minLength}`;
  if (rule.maxLength !== undefined && s.length > rule.maxLength) return `${prefix} Member must have length less than or equal to ${rule.maxLength}`;
  if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(s)) {
    return `${prefix} Member must satisfy regular expression pattern: ${rule.pattern}`;
  }
  return undefined;
}

function checkRules(rules: readonly FieldRule[], input: Record<string, unknown>): string[] {
  const seen = new Set<string>();
  const violations: string[] = [];
  for (const rule of rules) {
    if (seen.has(rule.field) && !rule.required) continue;
    const v = checkRule(rule, input[rule.field]);
    if (v) {
      violations.push(v);
      seen.add(rule.field);
    }
  }
  return violations;
}

/**
 * Validates the configuration members shared by CreateFunction and UpdateFunctionConfiguration,
 * in the order AWS checks them: model constraints first (ValidationException), then the service's
 * own rules (InvalidParameterValueException).
 */
export function validateFunctionConfig(input: Record<string, unknown>, creating: boolean): void {
  const violations = checkRules(creating ? [...CREATE_ONLY_RULES, ...FUNCTION_CONFIG_RULES] : FUNCTION_CONFIG_RULES, input);
  const architectures = input.Architectures;
  if (architectures !== undefined) {
    const list = Array.isArray(architectures) ? architectures.map(String) : [String(architectures)];
    if (list.length !== 1) {
      violations.push(`Value '[${list.join(', ')}]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1`);
    } else if (list[0] !== 'x86_64' && list[0] !== 'arm64') {
      violations.push(`Value '[${list[0]}]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]`);
    }
  }
  const tracing = (input.TracingConfig as { Mode?: unknown } | undefined)?.Mode;
  if (tracing !== undefined && tracing !== 'Active' && tracing !== 'PassThrough') {
    violations.push(`Value '${String(tracing)}' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]`);
  }
  const storage = (input.EphemeralStorage as { Size?: unknown } | undefined)?.Size;
  if (storage !== undefined) {
    const v = checkRule({ field: 'Size', member: 'ephemeralStorage.size', type: 'integer', min: 512, max: 10240 }, storage);
    if (v) violations.push(v);
  }
  const variables = (input.Environment as { Variables?: unknown } | undefined)?.Variables;
  if (variables && typeof variables === 'object') {
    const bad = Object.keys(variables).some((k) => !new RegExp(`^${ENV_KEY_PATTERN}$`).test(k));
    if (bad) violations.push(`Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${ENV_KEY_PATTERN}]`);
  }
  const logging = input.LoggingConfig as Record<string, unknown> | undefined;
  if (logging && typeof logging === 'object') {
    for (const { field, member, values } of LOGGING_ENUMS) {
      const value = logging[field];
      if (value !== undefined && !values.includes(String(value))) {
        violations.push(`Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`);
      }
    }
    const v = checkRule(LOG_GROUP_RULE, logging.LogGroup);
    if (v) violations.push(v);
  }
  if (violations.length > 0) throw validationError(violations);

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
    throw invalidParameter(
      `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES.join(', ')}] or be a valid ARN`,
    );
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

/** A JSON body as an object, or AWS's error for anything else. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
}
