/**
 * Rules every mapping shares: the model's constraints (reported as Smithy ValidationExceptions)
 * and FilterCriteria (reported as InvalidParameterValueException). Source-specific rules live with
 * each source (sqs/source.ts).
 */
import { patternProblem } from '../patterns/index.js';
import { invalidParameter, validationError } from './errors.js';
import type { MappingSettings } from './model.js';
import type { MappingRequest } from './request.js';

const RESPONSE_TYPES = ['ReportBatchItemFailures'];
const METRICS = ['EventCount', 'ErrorCount', 'KafkaMetrics'];
export const MAX_FILTERS = 5;
const MAX_PATTERN_LENGTH = 4096;

/** The model's patterns for `EventSourceArn` (Arn) and `FunctionName` (NamespacedFunctionName). */
const ARN_PATTERN = 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
const ARN = new RegExp(`^${ARN_PATTERN}$`);
const FUNCTION_NAME = new RegExp(`^${FUNCTION_NAME_PATTERN}$`);
const MAX_FUNCTION_NAME_LENGTH = 256;

interface RangeRule {
  field: keyof MappingRequest;
  member: string;
  min: number;
  max: number;
}

const RANGES: RangeRule[] = [
  { field: 'BatchSize', member: 'batchSize', min: 1, max: 10000 },
  { field: 'MaximumBatchingWindowInSeconds', member: 'maximumBatchingWindowInSeconds', min: 0, max: 300 },
];

/** Throws the model's ValidationException for out-of-range numbers and unknown enum values. */
export function checkModelConstraints(req: MappingRequest): void {
  const violations: string[] = [];
  const name = req.FunctionName;
  if (typeof name === 'string' && name !== '') {
    if (!FUNCTION_NAME.test(name)) {
      violations.push(`Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`);
    }
    if (name.length > MAX_FUNCTION_NAME_LENGTH) {
      violations.push(`Value '${name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to ${MAX_FUNCTION_NAME_LENGTH}`);
    }
  }
  const arn = req.EventSourceArn;
  if (typeof arn === 'string' && !ARN.test(arn)) {
    violations.push(`Value '${arn}' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_PATTERN}`);
  }
  for (const rule of RANGES) {
    const value = req[rule.field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      violations.push(`Value '${String(value)}' at '${rule.member}' failed to satisfy constraint: Member must be an integer`);
    } else if (value < rule.min) {
      violations.push(`Value '${value}' at '${rule.member}' failed to satisfy constraint: Member must have value greater than or equal to ${rule.min}`);
    } else if (value > rule.max) {
      violations.push(`Value '${value}' at '${rule.member}' failed to satisfy constraint: Member must have value less than or equal to ${rule.max}`);
    }
  }
  const filters = req.FilterCriteria?.Filters;
  if (Array.isArray(filters)) {
    filters.forEach((f, i) => {
      const pattern = f?.Pattern;
      if (typeof pattern === 'string' && pattern.length > MAX_PATTERN_LENGTH) {
        violations.push(
          `Value '${pattern}' at 'filterCriteria.filters.${i + 1}.member.pattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PATTERN_LENGTH}`,
        );
      }
    });
  }
  const concurrency = req.ScalingConfig?.MaximumConcurrency;
  if (concurrency !== undefined && concurrency !== null) {
    if (concurrency < 2) {
      violations.push(`Value '${concurrency}' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2`);
    } else if (concurrency > 1000) {
      violations.push(`Value '${concurrency}' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value less than or equal to 1000`);
    }
  }
  const pollers = req.ProvisionedPollerConfig;
  for (const [member, field, max] of [['minimumPollers', 'MinimumPollers', 200], ['maximumPollers', 'MaximumPollers', 2000]] as const) {
    const value = pollers?.[field];
    if (value === undefined || value === null) continue;
    if (value < 1) violations.push(`Value '${value}' at 'provisionedPollerConfig.${member}' failed to satisfy constraint: Member must have value greater than or equal to 1`);
    else if (value > max) violations.push(`Value '${value}' at 'provisionedPollerConfig.${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  const metrics = req.MetricsConfig?.Metrics;
  if (metrics && (!Array.isArray(metrics) || metrics.some((m) => !METRICS.includes(m)))) {
    violations.push(
      `Value '[${Array.isArray(metrics) ? metrics.join(', ') : String(metrics)}]' at 'metricsConfig.metrics' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${METRICS.join(', ')}]]`,
    );
  }
  const types = req.FunctionResponseTypes;
  if (types !== undefined && types !== null) {
    if (!Array.isArray(types) || types.some((t) => !RESPONSE_TYPES.includes(t))) {
      violations.push(
        `Value '[${Array.isArray(types) ? types.join(', ') : String(types)}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${RESPONSE_TYPES.join(', ')}]]`,
      );
    } else if (types.length > 1) {
      violations.push(`Value '[${types.join(', ')}]' at 'functionResponseTypes' failed to satisfy constraint: Member must have length less than or equal to 1`);
    }
  }
  if (violations.length > 0) throw validationError(violations);
}

/** The filters of a request: undefined when absent, [] when cleared, validated otherwise. */
export function filtersOf(req: MappingRequest): { Pattern: string }[] | undefined {
  if (!('FilterCriteria' in req)) return undefined;
  const filters = req.FilterCriteria?.Filters ?? [];
  if (!Array.isArray(filters)) throw invalidParameter('Invalid filter pattern definition.');
  if (filters.length > MAX_FILTERS) {
    throw invalidParameter(`The total number of filters (${filters.length}) exceeds the maximum number of filters allowed (${MAX_FILTERS}).`);
  }
  return filters.map((f) => {
    const pattern = f?.Pattern;
    if (typeof pattern !== 'string' || pattern.length > MAX_PATTERN_LENGTH || patternProblem(pattern) !== undefined) {
      throw invalidParameter('Invalid filter pattern definition.');
    }
    return { Pattern: pattern };
  });
}

/** The settings after applying a request's members over `base` (defaults or the current ones). */
export function mergeSettings(base: MappingSettings, req: MappingRequest): MappingSettings {
  const next: MappingSettings = { ...base };
  if (req.BatchSize !== undefined && req.BatchSize !== null) next.batchSize = req.BatchSize;
  if (req.MaximumBatchingWindowInSeconds !== undefined && req.MaximumBatchingWindowInSeconds !== null) {
    next.maximumBatchingWindowInSeconds = req.MaximumBatchingWindowInSeconds;
  }
  if (req.FunctionResponseTypes !== undefined && req.FunctionResponseTypes !== null) next.functionResponseTypes = [...req.FunctionResponseTypes];
  const filters = filtersOf(req);
  if (filters !== undefined) next.filters = filters.length > 0 ? filters : undefined;
  if ('ScalingConfig' in req) next.maximumConcurrency = req.ScalingConfig?.MaximumConcurrency ?? undefined;
  if ('ProvisionedPollerConfig' in req) {
    const p = req.ProvisionedPollerConfig;
    next.provisionedPollerConfig = p && (p.MinimumPollers !== undefined || p.MaximumPollers !== undefined)
      ? { ...(p.MinimumPollers !== undefined ? { MinimumPollers: p.MinimumPollers } : {}), ...(p.MaximumPollers !== undefined ? { MaximumPollers: p.MaximumPollers } : {}) }
      : undefined;
  }
  if ('MetricsConfig' in req) next.metricsConfig = req.MetricsConfig?.Metrics?.length ? { Metrics: [...req.MetricsConfig.Metrics] } : undefined;
  return next;
}
