/**
 * The delivery seam: "send this to an ARN" and "does this ARN exist", for every kind of target
 * Tributary can reach. A caller renders its own message (an invocation record, an S3 event, a
 * failed batch) into a `TargetMessage`; the target kind knows only its service.
 */
import type { Ports } from '../contracts.js';
import { parseArn } from './arn.js';
import { eventsTarget } from './events.js';
import { lambdaTarget } from './lambda.js';
import { s3Target } from './s3.js';
import { snsTarget } from './sns.js';
import { sqsTarget } from './sqs.js';
import { TargetError, type TargetKind, type TargetMessage, type TargetReceipt, type TargetScope } from './types.js';

/** Target kinds by the service part of the ARN; a new kind is a new file plus a line here. */
export const TARGET_KINDS = {
  sqs: sqsTarget,
  sns: snsTarget,
  lambda: lambdaTarget,
  s3: s3Target,
  events: eventsTarget,
} as const satisfies Record<string, TargetKind>;

export type TargetService = keyof typeof TARGET_KINDS;

/** The service of a target ARN when Tributary has a kind for it; undefined for malformed ARNs and other services. */
export function targetServiceOf(arn: string): TargetService | undefined {
  const service = parseArn(arn)?.service;
  return service !== undefined && Object.hasOwn(TARGET_KINDS, service) ? (service as TargetService) : undefined;
}

/** The kind of target an ARN names; undefined for malformed ARNs and services that are not targets. */
export function targetKindOf(arn: string): TargetKind | undefined {
  const service = targetServiceOf(arn);
  return service === undefined ? undefined : TARGET_KINDS[service];
}

/**
 * The targets as one service sees them: every call reads `deps.ports` at that moment, so a port
 * registered later is found, and a port that is absent answers "cannot tell" or fails the send.
 */
export class Targets {
  constructor(private readonly deps: { readonly ports: Ports }) {}

  /** True or false when the target's service can tell; undefined for unknown kinds and absent services. */
  exists(arn: string, scope?: TargetScope): boolean | undefined {
    return targetKindOf(arn)?.exists(arn, this.deps.ports, scope);
  }

  /** Delivers one message; rejects with `TargetError` (or the service's error) when it cannot. */
  async send(arn: string, message: TargetMessage): Promise<TargetReceipt> {
    const kind = targetKindOf(arn);
    if (!kind) throw new TargetError(parseArn(arn) ? `${arn} is not a supported target` : `${arn} is not an ARN`);
    return kind.send(arn, message, this.deps.ports);
  }
}

export { parseArn, type Arn } from './arn.js';
export { TargetError, type TargetAttribute, type TargetKind, type TargetMessage, type TargetReceipt, type TargetScope } from './types.js';
