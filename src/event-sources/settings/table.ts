/**
 * Every event source mapping setting, one line each: request member and constraints, storage key,
 * default per source kind, response rendering, whether a change restarts the runner, and which
 * kinds accept it. Request parsing, validation, storage, rendering and restarts all read this
 * table; a new setting is a new line. The lines' order is the order responses list the members.
 */
import { filtersOf, MAX_PATTERN_LENGTH } from '../filter-criteria.js';
import type { MappingDestinations } from '../model.js';
import { line, type SettingLine } from './line.js';

const STREAMS = ['kinesis', 'dynamodb', 'kafka'] as const;
const ALL = ['sqs', ...STREAMS] as const;

const destination = { type: 'structure', members: { Destination: { type: 'string', length: { min: 0, max: 350 } } } } as const;

export const SETTINGS: readonly SettingLine[] = [
  line({
    member: 'BatchSize',
    shape: { type: 'integer', range: { min: 1, max: 10000 } },
    key: 'batchSize',
    kinds: ALL,
    defaults: { sqs: 10, kinesis: 100, dynamodb: 100, kafka: 100 },
    applies: 'value',
    restarts: true,
  }),
  line({
    member: 'MaximumBatchingWindowInSeconds',
    shape: { type: 'integer', range: { min: 0, max: 300 } },
    key: 'maximumBatchingWindowInSeconds',
    kinds: ALL,
    defaults: { sqs: 0, kinesis: 0, dynamodb: 0, kafka: 0 },
    applies: 'value',
    restarts: true,
  }),
  line({
    member: 'FilterCriteria',
    shape: {
      type: 'structure',
      members: {
        Filters: { type: 'list', member: { type: 'structure', members: { Pattern: { type: 'string', length: { min: 0, max: MAX_PATTERN_LENGTH } } } } },
      },
    },
    key: 'filters',
    kinds: ALL,
    applies: 'presence',
    read: (_value, req) => {
      const filters = filtersOf(req);
      return filters && filters.length > 0 ? filters : undefined;
    },
    render: (filters) => (filters ? { Filters: filters.map((f) => ({ Pattern: f.Pattern })) } : undefined),
    restarts: true,
  }),
  line({
    member: 'StartingPosition',
    shape: { type: 'string', enum: ['LATEST', 'AT_TIMESTAMP', 'TRIM_HORIZON'] },
    key: 'startingPosition',
    kinds: STREAMS,
    createOnly: true,
    applies: 'value',
    refusal: { sqs: 'StartingPosition is not valid for SQS event sources.' },
    restarts: true,
  }),
  line({
    member: 'StartingPositionTimestamp',
    key: 'startingPositionTimestamp',
    kinds: STREAMS,
    createOnly: true,
    applies: 'value',
    read: (value) => (typeof value === 'number' ? value : Date.parse(String(value)) / 1000),
    restarts: true,
  }),
  line({
    member: 'ParallelizationFactor',
    shape: { type: 'integer', range: { min: 1, max: 10 } },
    key: 'parallelizationFactor',
    kinds: ['kinesis', 'dynamodb'],
    defaults: { kinesis: 1, dynamodb: 1 },
    applies: 'value',
    restarts: true,
  }),
  line({
    member: 'BisectBatchOnFunctionError',
    shape: { type: 'boolean' },
    key: 'bisectBatchOnFunctionError',
    kinds: ['kinesis', 'dynamodb'],
    defaults: { kinesis: false, dynamodb: false },
    applies: 'value',
    restarts: true,
  }),
  line({
    member: 'MaximumRetryAttempts',
    shape: { type: 'integer', range: { min: -1, max: 10000 } },
    key: 'maximumRetryAttempts',
    kinds: ['kinesis', 'dynamodb'],
    defaults: { kinesis: -1, dynamodb: -1 },
    applies: 'value',
    restarts: true,
  }),
  line({
    member: 'MaximumRecordAgeInSeconds',
    shape: { type: 'integer', range: { min: -1, max: 604800 } },
    key: 'maximumRecordAgeInSeconds',
    kinds: ['kinesis', 'dynamodb'],
    defaults: { kinesis: -1, dynamodb: -1 },
    applies: 'value',
    restarts: true,
  }),
  line({
    member: 'DestinationConfig',
    shape: { type: 'structure', members: { OnSuccess: destination, OnFailure: destination } },
    key: 'destinationConfig',
    kinds: STREAMS,
    applies: 'presence',
    given: (value) => {
      const d = value as MappingDestinations | null | undefined;
      return Boolean(d && (d.OnFailure || d.OnSuccess));
    },
    read: (value) => {
      const d = value as MappingDestinations | null | undefined;
      return d && (d.OnFailure || d.OnSuccess)
        ? { ...(d.OnSuccess ? { OnSuccess: { ...d.OnSuccess } } : {}), ...(d.OnFailure ? { OnFailure: { ...d.OnFailure } } : {}) }
        : undefined;
    },
    render: (d) => (d ? { OnSuccess: d.OnSuccess ?? {}, OnFailure: d.OnFailure ?? {} } : undefined),
    restarts: true,
  }),
  line({
    member: 'TumblingWindowInSeconds',
    shape: { type: 'integer', range: { min: 0, max: 900 } },
    key: 'tumblingWindowInSeconds',
    kinds: ['kinesis', 'dynamodb'],
    defaults: { kinesis: 0, dynamodb: 0 },
    applies: 'value',
    restarts: true,
  }),
  line({
    member: 'FunctionResponseTypes',
    shape: { type: 'list', member: { type: 'string', enum: ['ReportBatchItemFailures'] }, length: { min: 0, max: 1 } },
    key: 'functionResponseTypes',
    kinds: ALL,
    defaults: { sqs: [], kinesis: [], dynamodb: [], kafka: [] },
    applies: 'value',
    read: (value) => [...(value as string[])],
    render: (types) => [...(types ?? [])],
    restarts: true,
  }),
  line({
    member: 'ScalingConfig',
    shape: { type: 'structure', members: { MaximumConcurrency: { type: 'integer', range: { min: 2, max: 1000 } } } },
    key: 'maximumConcurrency',
    kinds: ['sqs'],
    applies: 'presence',
    given: (value) => (value as { MaximumConcurrency?: number } | null)?.MaximumConcurrency != null,
    read: (value) => (value as { MaximumConcurrency?: number } | null)?.MaximumConcurrency ?? undefined,
    render: (n) => (n === undefined ? undefined : { MaximumConcurrency: n }),
    restarts: true,
  }),
  line({
    member: 'ProvisionedPollerConfig',
    shape: {
      type: 'structure',
      members: { MinimumPollers: { type: 'integer', range: { min: 1, max: 200 } }, MaximumPollers: { type: 'integer', range: { min: 1, max: 2000 } } },
    },
    key: 'provisionedPollerConfig',
    kinds: ALL,
    applies: 'presence',
    read: (value) => {
      const p = value as { MinimumPollers?: number; MaximumPollers?: number } | null;
      if (!p || (p.MinimumPollers === undefined && p.MaximumPollers === undefined)) return undefined;
      return {
        ...(p.MinimumPollers !== undefined ? { MinimumPollers: p.MinimumPollers } : {}),
        ...(p.MaximumPollers !== undefined ? { MaximumPollers: p.MaximumPollers } : {}),
      };
    },
    render: (p) => (p ? { ...p } : undefined),
    restarts: false,
  }),
  line({
    member: 'MetricsConfig',
    shape: { type: 'structure', members: { Metrics: { type: 'list', member: { type: 'string', enum: ['EventCount', 'ErrorCount', 'KafkaMetrics'] } } } },
    key: 'metricsConfig',
    kinds: ALL,
    applies: 'presence',
    read: (value) => {
      const metrics = (value as { Metrics?: string[] } | null)?.Metrics;
      return metrics?.length ? { Metrics: [...metrics] } : undefined;
    },
    render: (m) => (m ? { Metrics: [...m.Metrics] } : undefined),
    restarts: false,
  }),
];
