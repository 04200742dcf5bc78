/** Request parsing and AWS's validation for the event invoke config operations (§1.4). */
import { AwsError } from '../../protocols/aws-error.js';
import type { ResolvedFunction } from '../../services/lambda/internal-api.js';
import { parseArn, type Targets } from '../../targets/index.js';
import { destinationSupported } from '../destinations/index.js';

export interface EventInvokeConfigInput {
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  destinationConfig?: { onSuccess?: string; onFailure?: string };
}

const DESTINATION_PATTERN = /^(|kafka:\/\/([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*))$/;
const DESTINATION_PATTERN_TEXT = '$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';

interface Range {
  field: string;
  member: string;
  min: number;
  max: number;
}

const RANGES: readonly Range[] = [
  { field: 'MaximumRetryAttempts', member: 'maximumRetryAttempts', min: 0, max: 2 },
  { field: 'MaximumEventAgeInSeconds', member: 'maximumEventAgeInSeconds', min: 60, max: 21600 },
];

export function userError(code: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, status, { Type: 'User' });
}

/** Smithy's `N validation error(s) detected: ...; ...` */
export function validationError(problems: readonly string[]): AwsError {
  const n = problems.length;
  return new AwsError('ValidationException', `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`, 400);
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // falls through
  }
  throw new AwsError('SerializationException', 'Could not parse request body into json', 400);
}

export function parseEventInvokeConfigInput(body: Record<string, unknown>): EventInvokeConfigInput {
  const problems: string[] = [];
  const input: EventInvokeConfigInput = {};
  for (const range of RANGES) {
    const value = body[range.field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new AwsError('SerializationException', `NUMBER_VALUE can not be converted to an Integer`, 400);
    }
    if (value < range.min) problems.push(`Value '${value}' at '${range.member}' failed to satisfy constraint: Member must have value greater than or equal to ${range.min}`);
    else if (value > range.max) problems.push(`Value '${value}' at '${range.member}' failed to satisfy constraint: Member must have value less than or equal to ${range.max}`);
    if (range.field === 'MaximumRetryAttempts') input.maximumRetryAttempts = value;
    else input.maximumEventAgeInSeconds = value;
  }
  const destinationConfig = body.DestinationConfig;
  if (destinationConfig !== undefined && destinationConfig !== null) {
    const config = destinationConfig as Record<string, { Destination?: unknown } | undefined>;
    input.destinationConfig = {};
    for (const [key, member] of [['OnSuccess', 'onSuccess'], ['OnFailure', 'onFailure']] as const) {
      const arn = config[key]?.Destination;
      if (arn === undefined || arn === null) continue;
      const text = String(arn);
      const at = `destinationConfig.${member}.destination`;
      if (text.length > 350) problems.push(`Value '${text}' at '${at}' failed to satisfy constraint: Member must have length less than or equal to 350`);
      else if (!DESTINATION_PATTERN.test(text)) problems.push(`Value '${text}' at '${at}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DESTINATION_PATTERN_TEXT}`);
      if (text !== '') input.destinationConfig[member] = text;
    }
  }
  if (problems.length > 0) throw validationError(problems);
  return input;
}

export function requireSomeSetting(input: EventInvokeConfigInput): void {
  if (input.maximumRetryAttempts === undefined && input.maximumEventAgeInSeconds === undefined && input.destinationConfig === undefined) {
    throw userError('InvalidParameterValueException', 'You must specify at least one of error handling or destination setting.');
  }
}

/**
 * A destination must be a supported kind for its slot (S3 takes failures only), must exist when its
 * service can tell, and a function cannot be its own destination. A destination Lambda cannot reach
 * (an event bus with no EventBridge here) is answered as AWS answers one that does not exist.
 */
export function validateDestinations(
  fn: ResolvedFunction,
  destinations: { onSuccess?: string; onFailure?: string },
  targets: Targets,
  lambdaExists: (arn: string) => boolean,
): void {
  let unsupported = false;
  for (const slot of ['onSuccess', 'onFailure'] as const) {
    const arn = destinations[slot];
    if (!arn) continue;
    if (!destinationSupported(arn, slot)) {
      unsupported = true;
      continue;
    }
    const exists = targets.exists(arn, { accountId: fn.accountId, region: fn.region });
    if (parseArn(arn)?.service === 'lambda') {
      if (!(exists ?? lambdaExists(arn))) throw userError('InvalidParameterValueException', `The destination ARN ${arn} is invalid.`);
      if (sameFunction(arn, fn)) throw userError('InvalidParameterValueException', "You can't specify the function as a destination for itself.");
      continue;
    }
    if (exists === false) throw userError('InvalidParameterValueException', `The destination ARN ${arn} is invalid.`);
  }
  if (unsupported) {
    const part = (name: string, arn?: string) => (arn ? `${name}(destination=${arn})` : 'null');
    throw userError(
      'InvalidParameterValueException',
      `The provided destination config DestinationConfig(onSuccess=${part('OnSuccess', destinations.onSuccess)}, onFailure=${part('OnFailure', destinations.onFailure)}) is invalid.`,
    );
  }
}

function sameFunction(arn: string, fn: ResolvedFunction): boolean {
  const parsed = parseArn(arn);
  return parsed !== undefined && parsed.region === fn.region && parsed.accountId === fn.accountId && parsed.resource.split(':')[1] === fn.functionName;
}

/** Splits `name:qualifier`, `account:function:name:qualifier` or a qualified ARN. */
export function splitQualifier(ref: string): { base: string; qualifier?: string } {
  const parts = ref.split(':');
  const qualifiedLength = ref.startsWith('arn:') ? 8 : parts.length >= 3 ? 4 : 2;
  if (parts.length === qualifiedLength) return { base: parts.slice(0, -1).join(':'), qualifier: parts[parts.length - 1] };
  return { base: ref };
}
