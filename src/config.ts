import os from 'node:os';
import path from 'node:path';
import { envValue, PORT_RANGE, POSITIVE } from './config-values.js';

export interface TributaryConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Account used when the access key id is not 12 digits. */
  defaultAccountId: string;
  defaultRegion: string;
  /** Upper bound on concurrent instances of one function that has no reserved concurrency. */
  maxConcurrencyPerFunction: number;
  /** Upper bound on live function instances across all functions (the instance budget's count). */
  maxInstances: number;
  /** Upper bound on the resident memory of all live instances, in MB (the instance budget's memory). */
  instanceMemoryMb: number;
  /** Idle instances are stopped after this many milliseconds. */
  instanceIdleMs: number;
  /** Multiplies async retry back-off delays; 1 is AWS's timing, smaller is faster local work. */
  asyncRetryDelayScale: number;
  /** Verify SigV4 signatures against configured credentials (off: any credentials are accepted). */
  enforceAuth: boolean;
  /** JSON file of accounts and their keys, for `enforceAuth`. */
  credentialsFile?: string;
  /** Print function logs to the terminal. */
  functionLogs: boolean;
  /** Print one line per trigger (a batch, an S3 event, a retry, a DLQ move) to the terminal. */
  triggerLogs: boolean;
  /** Host names, beyond loopback and this machine's own, that requests may carry (`*.example.test` for subdomains). */
  allowHosts: string[];
  /** Browser origins allowed to call every API (`*` for any); others get 403. */
  allowOrigins: string[];
  /** A client must send its request headers within this many milliseconds. */
  headersTimeoutMs: number;
  /** A request body that pauses longer than this many milliseconds is dropped. */
  bodyIdleMs: number;
  /** Connections one client address may hold open at once. */
  maxConnectionsPerClient: number;
  /** On shutdown, how long requests in flight may take to finish before they are answered 503. */
  shutdownGraceMs: number;
  /** After DeleteQueue, a queue of the same name can't be created for this many seconds (AWS: 60; 0 turns it off). */
  sqsRecreateWaitSeconds: number;
  /** A DynamoDB stream's open shard closes (and a child opens) after this many records. */
  dynamodbStreamShardRecords: number;
  /** ... or once it is this old (AWS rolls shards over about every four hours). */
  dynamodbStreamShardAgeMs: number;
  /**
   * How many recent observations are kept for the dashboard and the harness. 0 (the default when
   * embedded) keeps none, so nothing is observed unless someone watches; `tributary start` keeps 10,000.
   */
  observationHistory: number;
  /** Print one line per AWS API request (service, operation, status, duration, request id). */
  logRequests: boolean;
}

export const DEFAULT_ACCOUNT_ID = '123456789012';

/** Defaults, overridden by TRIBUTARY_* environment variables, overridden by explicit options. */
export function resolveConfig(overrides: Partial<TributaryConfig> = {}, env: NodeJS.ProcessEnv = process.env): TributaryConfig {
  const base: TributaryConfig = {
    host: env.TRIBUTARY_HOST ?? '127.0.0.1',
    port: envValue.int(env, 'TRIBUTARY_PORT', 4566, PORT_RANGE),
    dataDir: env.TRIBUTARY_DATA_DIR ?? '.tributary',
    defaultAccountId: env.TRIBUTARY_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID,
    defaultRegion: env.TRIBUTARY_REGION ?? 'us-east-1',
    maxConcurrencyPerFunction: envValue.int(env, 'TRIBUTARY_MAX_CONCURRENCY', 10, POSITIVE),
    maxInstances: envValue.int(env, 'TRIBUTARY_MAX_INSTANCES', defaultMaxInstances(), POSITIVE),
    instanceMemoryMb: envValue.int(env, 'TRIBUTARY_INSTANCE_MEMORY_MB', defaultInstanceMemoryMb(), POSITIVE),
    instanceIdleMs: envValue.int(env, 'TRIBUTARY_INSTANCE_IDLE_MS', 10 * 60_000),
    asyncRetryDelayScale: envValue.number(env, 'TRIBUTARY_ASYNC_RETRY_DELAY_SCALE', 1),
    functionLogs: envValue.boolean(env, 'TRIBUTARY_FUNCTION_LOGS', true),
    triggerLogs: envValue.boolean(env, 'TRIBUTARY_TRIGGER_LOGS', true),
    enforceAuth: envValue.boolean(env, 'TRIBUTARY_ENFORCE_AUTH', false),
    credentialsFile: env.TRIBUTARY_CREDENTIALS_FILE,
    allowHosts: listFrom(env.TRIBUTARY_ALLOW_HOSTS),
    allowOrigins: listFrom(env.TRIBUTARY_ALLOW_ORIGINS),
    headersTimeoutMs: envValue.int(env, 'TRIBUTARY_HEADERS_TIMEOUT_MS', 20_000),
    bodyIdleMs: envValue.int(env, 'TRIBUTARY_BODY_IDLE_MS', 60_000),
    maxConnectionsPerClient: envValue.int(env, 'TRIBUTARY_MAX_CONNECTIONS_PER_CLIENT', 512, POSITIVE),
    shutdownGraceMs: envValue.int(env, 'TRIBUTARY_SHUTDOWN_GRACE_MS', 10_000),
    sqsRecreateWaitSeconds: envValue.int(env, 'TRIBUTARY_SQS_RECREATE_WAIT_SECONDS', 60),
    dynamodbStreamShardRecords: envValue.int(env, 'TRIBUTARY_DYNAMODB_STREAM_SHARD_RECORDS', 100_000, POSITIVE),
    dynamodbStreamShardAgeMs: envValue.int(env, 'TRIBUTARY_DYNAMODB_STREAM_SHARD_AGE_MS', 4 * 3_600_000),
    observationHistory: envValue.int(env, 'TRIBUTARY_OBSERVATION_HISTORY', 0),
    logRequests: envValue.boolean(env, 'TRIBUTARY_LOG_REQUESTS', false),
  };
  const merged = { ...base, ...stripUndefined(overrides) };
  merged.dataDir = path.resolve(merged.dataDir);
  return merged;
}

/** Resident memory a Node.js instance takes before the function allocates anything (~52 MB measured). */
export const ESTIMATED_INSTANCE_MB = 64;
/** However much memory the machine has, more processes than this would exhaust descriptors and cores first. */
const MAX_INSTANCES_CAP = 256;

/** Half the machine's memory: the rest stays for Tributary itself, the user's tools and the OS. */
export function defaultInstanceMemoryMb(): number {
  return Math.floor(os.totalmem() / 2 / 2 ** 20);
}

export function defaultMaxInstances(): number {
  return Math.max(1, Math.min(MAX_INSTANCES_CAP, Math.floor(defaultInstanceMemoryMb() / ESTIMATED_INSTANCE_MB)));
}

function listFrom(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
