import type { TributaryConfig } from '../config.js';
import { parseWholeNumber, PORT_RANGE, POSITIVE } from '../config-values.js';

/**
 * One option of `tributary start`: how it is parsed, what it sets, and its line in `--help` and
 * docs/cli.md. The single source of truth for both; add an option by adding a row here.
 */
export interface StartOption {
  name: string;
  /** A flag takes no value; the others take one (`list` may repeat, and splits on commas). */
  kind: 'flag' | 'string' | 'list';
  /** The value's placeholder in help (`PORT`). */
  value?: string;
  /** The environment variable that sets the same thing, if any. */
  env?: string;
  description: string;
  /** Writes the parsed value into the config overrides; throws a StartupError for a bad value. */
  apply(config: Partial<TributaryConfig>, value: string | string[] | boolean): void;
}

const str = (v: string | string[] | boolean) => v as string;
const list = (v: string | string[] | boolean) =>
  (v as string[])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

export const START_OPTIONS: readonly StartOption[] = [
  {
    name: 'port',
    kind: 'string',
    value: 'PORT',
    env: 'TRIBUTARY_PORT',
    description: 'TCP port of the endpoint (default 4566; 0 picks a free one)',
    apply: (c, v) => (c.port = parseWholeNumber(str(v), `--port ${str(v)}`, PORT_RANGE)),
  },
  {
    name: 'host',
    kind: 'string',
    value: 'ADDRESS',
    env: 'TRIBUTARY_HOST',
    description: 'address to listen on (default 127.0.0.1)',
    apply: (c, v) => (c.host = str(v)),
  },
  {
    name: 'data-dir',
    kind: 'string',
    value: 'DIR',
    env: 'TRIBUTARY_DATA_DIR',
    description: 'where state is kept (default .tributary); one Tributary per data dir',
    apply: (c, v) => (c.dataDir = str(v)),
  },
  {
    name: 'allow-host',
    kind: 'list',
    value: 'NAME',
    env: 'TRIBUTARY_ALLOW_HOSTS',
    description: 'a Host name requests may carry beyond loopback and this machine (`*.example.test` for subdomains); repeatable',
    apply: (c, v) => (c.allowHosts = list(v)),
  },
  {
    name: 'allow-origin',
    kind: 'list',
    value: 'ORIGIN',
    env: 'TRIBUTARY_ALLOW_ORIGINS',
    description: 'a browser origin allowed to call the APIs (`*` for any); repeatable',
    apply: (c, v) => (c.allowOrigins = list(v)),
  },
  {
    name: 'max-instances',
    kind: 'string',
    value: 'N',
    env: 'TRIBUTARY_MAX_INSTANCES',
    description: 'live function instances across all functions (default: from the machine’s memory)',
    apply: (c, v) => (c.maxInstances = parseWholeNumber(str(v), `--max-instances ${str(v)}`, POSITIVE)),
  },
  {
    name: 'instance-memory-mb',
    kind: 'string',
    value: 'MB',
    env: 'TRIBUTARY_INSTANCE_MEMORY_MB',
    description: 'resident memory of all live instances (default: half the machine’s memory)',
    apply: (c, v) => (c.instanceMemoryMb = parseWholeNumber(str(v), `--instance-memory-mb ${str(v)}`, POSITIVE)),
  },
  {
    name: 'enforce-auth',
    kind: 'flag',
    env: 'TRIBUTARY_ENFORCE_AUTH',
    description: 'verify SigV4 signatures against the --credentials accounts (off: any credentials are accepted)',
    apply: (c) => (c.enforceAuth = true),
  },
  {
    name: 'credentials',
    kind: 'string',
    value: 'FILE',
    env: 'TRIBUTARY_CREDENTIALS_FILE',
    description: 'JSON file of accounts and their keys, for --enforce-auth',
    apply: (c, v) => (c.credentialsFile = str(v)),
  },
  {
    name: 'no-trigger-logs',
    kind: 'flag',
    env: 'TRIBUTARY_TRIGGER_LOGS',
    description: 'no line per trigger (a batch, an S3 event, a retry, a DLQ move); the variable set to 0 does the same',
    apply: (c) => (c.triggerLogs = false),
  },
  {
    name: 'log-requests',
    kind: 'flag',
    env: 'TRIBUTARY_LOG_REQUESTS',
    description: 'one line per AWS API request: service, operation, status, duration, request id',
    apply: (c) => (c.logRequests = true),
  },
];
