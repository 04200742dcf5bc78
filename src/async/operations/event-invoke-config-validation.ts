/** Request parsing and AWS's validation for the event invoke config operations. */
import { AwsError } from '../../protocols/aws-error.js';
import { assertValid, structure, type Shape } from '../../protocols/constraints.js';
import type { ResolvedFunction } from '../../services/lambda/internal-api.js';
import { parseArn, type Targets } from '../../targets/index.js';
import { destinationSupported } from '../destinations/index.js';

export interface EventInvokeConfigInput {
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  destinationConfig?: { onSuccess?: string; onFailure?: string };
}

const DESTINATION: Shape = {
  type: 'string',
  length: { max: 350 },
  pattern:
    '$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)',
};

const EVENT_INVOKE_CONFIG = structure({
  MaximumRetryAttempts: { type: 'integer', range: { min: 0, max: 2 } },
  MaximumEventAgeInSeconds: { type: 'integer', range: { min: 60, max: 21600 } },
  DestinationConfig: structure({ OnSuccess: structure({ Destination: DESTINATION }), OnFailure: structure({ Destination: DESTINATION }) }),
});

export function userError(code: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, status, { Type: 'User' });
}

export function parseEventInvokeConfigInput(body: Record<string, unknown>): EventInvokeConfigInput {
  // A number member that is not an integer cannot be deserialized at all.
  for (const field of ['MaximumRetryAttempts', 'MaximumEventAgeInSeconds']) {
    const value = body[field];
    if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isInteger(value))) {
      throw new AwsError('SerializationException', 'NUMBER_VALUE can not be converted to an Integer', 400);
    }
  }
  assertValid(EVENT_INVOKE_CONFIG, body);
  const input: EventInvokeConfigInput = {};
  if (typeof body.MaximumRetryAttempts === 'number') input.maximumRetryAttempts = body.MaximumRetryAttempts;
  if (typeof body.MaximumEventAgeInSeconds === 'number') input.maximumEventAgeInSeconds = body.MaximumEventAgeInSeconds;
  const destinationConfig = body.DestinationConfig;
  if (destinationConfig !== undefined && destinationConfig !== null) {
    const config = destinationConfig as Record<string, { Destination?: unknown } | undefined>;
    input.destinationConfig = {};
    for (const [key, member] of [
      ['OnSuccess', 'onSuccess'],
      ['OnFailure', 'onFailure'],
    ] as const) {
      const arn = config[key]?.Destination;
      if (arn !== undefined && arn !== null && String(arn) !== '') input.destinationConfig[member] = String(arn);
    }
  }
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
