import { errors } from './errors.js';
import { parseQueueArn } from './queues.js';

/** Queue attributes a caller may set, with AWS's ranges; validated as data. */
type Rule = { kind: 'int'; min: number; max: number } | { kind: 'bool' } | { kind: 'enum'; values: readonly string[] } | { kind: 'json' } | { kind: 'string' };

const SETTABLE: Record<string, Rule & { fifoOnly?: boolean; createOnly?: boolean }> = {
  DelaySeconds: { kind: 'int', min: 0, max: 900 },
  MaximumMessageSize: { kind: 'int', min: 1024, max: 1_048_576 },
  MessageRetentionPeriod: { kind: 'int', min: 60, max: 1_209_600 },
  ReceiveMessageWaitTimeSeconds: { kind: 'int', min: 0, max: 20 },
  VisibilityTimeout: { kind: 'int', min: 0, max: 43_200 },
  Policy: { kind: 'json' },
  RedrivePolicy: { kind: 'json' },
  RedriveAllowPolicy: { kind: 'json' },
  KmsMasterKeyId: { kind: 'string' },
  KmsDataKeyReusePeriodSeconds: { kind: 'int', min: 60, max: 86_400 },
  SqsManagedSseEnabled: { kind: 'bool' },
  FifoQueue: { kind: 'bool', createOnly: true },
  ContentBasedDeduplication: { kind: 'bool', fifoOnly: true },
  DeduplicationScope: { kind: 'enum', values: ['messageGroup', 'queue'], fifoOnly: true },
  FifoThroughputLimit: { kind: 'enum', values: ['perQueue', 'perMessageGroupId'], fifoOnly: true },
};

/** Read-only attributes GetQueueAttributes knows; asking to set them is an unknown attribute. */
export const COMPUTED_ATTRIBUTES = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

export const ALL_ATTRIBUTE_NAMES = new Set<string>([...Object.keys(SETTABLE), ...COMPUTED_ATTRIBUTES, 'All']);

export function defaultAttributes(fifo: boolean): Record<string, string> {
  const base: Record<string, string> = {
    VisibilityTimeout: '30',
    MaximumMessageSize: '1048576',
    MessageRetentionPeriod: '345600',
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: '0',
    SqsManagedSseEnabled: 'true',
  };
  if (fifo) {
    Object.assign(base, {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
    });
  }
  return base;
}

export interface RedriveContext {
  /** Looks up a queue's type by ARN, for the DLQ checks; undefined when it does not exist. */
  queueFifo(arn: string): boolean | undefined;
  /** Whether the dead-letter queue's RedriveAllowPolicy lets this queue use it. */
  allowsSource(deadLetterArn: string): boolean;
  accountId: string;
}

/**
 * Validates caller-supplied attributes and returns them normalised (booleans lower-case, redrive
 * policy re-serialised as AWS returns it). `fifo` is the queue's type.
 */
export function validateAttributes(input: Record<string, string>, fifo: boolean, mode: 'create' | 'set', redrive: RedriveContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, rawValue] of Object.entries(input)) {
    const rule = SETTABLE[name];
    // A standard queue knows no FifoQueue attribute at all, not even `false`; a FIFO queue takes
    // `FifoQueue=true` again on SetQueueAttributes as a no-op.
    if (name === 'FifoQueue' && fifo && mode === 'set' && String(rawValue).toLowerCase() === 'true') continue;
    if (!rule || (rule.fifoOnly && !fifo) || (rule.createOnly && mode === 'set') || (name === 'FifoQueue' && !fifo)) {
      throw errors.invalidAttributeName(name);
    }
    const value = String(rawValue);
    switch (rule.kind) {
      case 'int': {
        if (!/^-?\d+$/.test(value.trim())) throw errors.invalidAttributeValue(name);
        const n = Number(value);
        if (n < rule.min || n > rule.max) throw errors.invalidAttributeValue(name);
        out[name] = String(n);
        break;
      }
      case 'bool': {
        const lower = value.toLowerCase();
        if (lower !== 'true' && lower !== 'false') throw errors.invalidAttributeValue(name);
        out[name] = lower;
        break;
      }
      case 'enum':
        if (!rule.values.includes(value)) throw errors.invalidAttributeValue(name);
        out[name] = value;
        break;
      case 'json':
        if (value === '') out[name] = '';
        else if (name === 'RedrivePolicy') out[name] = normaliseRedrivePolicy(value, fifo, redrive);
        else if (name === 'RedriveAllowPolicy') out[name] = checkRedriveAllowPolicy(value);
        else out[name] = checkJson(name, value);
        break;
      case 'string':
        out[name] = value;
        break;
    }
  }
  return out;
}

function checkJson(name: string, value: string): string {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return value;
  } catch {
    // rejected below
  }
  throw errors.invalidAttributeValue(name);
}

function normaliseRedrivePolicy(value: string, fifo: boolean, ctx: RedriveContext): string {
  const invalid = (reason: string) => errors.invalidValue('RedrivePolicy', value, reason);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a map');
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  const target = parsed.deadLetterTargetArn;
  if (typeof target !== 'string' || target === '') throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  if (parsed.maxReceiveCount === undefined) throw invalid('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  const count = Number(parsed.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalid(`Invalid value for maxReceiveCount: ${String(parsed.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`);
  }
  const arn = parseQueueArn(target);
  if (!arn) throw invalid('Invalid value for deadLetterTargetArn.');
  if (arn.accountId !== ctx.accountId) throw invalid('Dead-letter target owner should be same as the source.');
  const targetFifo = ctx.queueFifo(target);
  if (targetFifo === undefined) throw invalid('Dead letter target does not exist.');
  if (targetFifo !== fifo) throw invalid('Dead-letter queue must be same type of queue as the source.');
  if (!ctx.allowsSource(target)) throw invalid('Dead-letter queue does not allow this queue as a source queue.');
  return JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount: count });
}

// AWS's wording: a malformed policy gets one generic message, the byQueue rules their own.
function checkRedriveAllowPolicy(value: string): string {
  const unsupported = () =>
    errors.invalidParameterValue(
      "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it\u2019s in an unsupported format.",
    );
  const invalid = (reason: string) => errors.invalidValue('RedriveAllowPolicy', value, `Amazon SQS can't create the redrive allow policy. ${reason}`);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw unsupported();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw unsupported();
  const permission = parsed.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') throw unsupported();
  if (Object.keys(parsed).some((key) => key !== 'redrivePermission' && key !== 'sourceQueueArns')) throw unsupported();
  const sources = parsed.sourceQueueArns;
  if (sources !== undefined && (!Array.isArray(sources) || !sources.every((arn) => typeof arn === 'string'))) throw unsupported();
  if (permission !== 'byQueue') {
    if (Array.isArray(sources) && sources.length > 0) {
      throw invalid('To specify one or more source queue ARNs, you must set redrivePermission to byQueue.');
    }
    return value;
  }
  if (!Array.isArray(sources) || sources.length === 0) {
    throw invalid('When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.');
  }
  if (sources.length > 10) throw invalid('The maximum number of source queue ARNs you can specify is 10.');
  return value;
}

/** Whether a queue's RedriveAllowPolicy admits `sourceArn` as a source of dead letters. */
export function redriveAllows(policy: string | undefined, sourceArn: string): boolean {
  if (!policy) return true;
  try {
    const parsed = JSON.parse(policy) as { redrivePermission?: string; sourceQueueArns?: string[] };
    if (parsed.redrivePermission === 'denyAll') return false;
    if (parsed.redrivePermission === 'byQueue') return (parsed.sourceQueueArns ?? []).includes(sourceArn);
  } catch {
    // an unparsable stored policy allows, as the default does
  }
  return true;
}
