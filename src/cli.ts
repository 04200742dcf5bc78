import { parseArgs } from 'node:util';
import { Tributary } from './app.js';
import { ConsoleLogger } from './log.js';
import { guardProcess } from './server/crash-guard.js';

const USAGE = `Usage: tributary start [--port 4566] [--host 127.0.0.1] [--data-dir .tributary]
                       [--allow-host NAME ...] [--allow-origin ORIGIN ...]
                       [--max-instances N] [--instance-memory-mb MB]
                       [--enforce-auth --credentials accounts.json] [--no-trigger-logs]

Starts one local AWS endpoint for Lambda and its event sources.
Environment: TRIBUTARY_PORT, TRIBUTARY_HOST, TRIBUTARY_DATA_DIR, TRIBUTARY_MAX_CONCURRENCY,
TRIBUTARY_INSTANCE_IDLE_MS, TRIBUTARY_ASYNC_RETRY_DELAY_SCALE, TRIBUTARY_FUNCTION_LOGS=0,
TRIBUTARY_ALLOW_HOSTS and TRIBUTARY_ALLOW_ORIGINS (comma-separated), TRIBUTARY_HEADERS_TIMEOUT_MS,
TRIBUTARY_BODY_IDLE_MS, TRIBUTARY_MAX_CONNECTIONS_PER_CLIENT, TRIBUTARY_SHUTDOWN_GRACE_MS (default 10000),
TRIBUTARY_MAX_INSTANCES and TRIBUTARY_INSTANCE_MEMORY_MB (the budget of warm instances across all
functions), TRIBUTARY_ENFORCE_AUTH=1 and TRIBUTARY_CREDENTIALS_FILE (SigV4 verified against these
accounts' keys).
Requests must name this machine in Host (loopback, *.localhost, the listen address) or an --allow-host
name; browser requests from other origins are refused unless --allow-origin allows them.
TRIBUTARY_TRIGGER_LOGS=0 (same as --no-trigger-logs: no line per trigger).
Observations stream at http://<host>:<port>/_tributary/events (server-sent events).`;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'start') {
    process.stdout.write(`${USAGE}\n`);
    if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'max-instances': { type: 'string' },
      'instance-memory-mb': { type: 'string' },
      'enforce-auth': { type: 'boolean' },
      credentials: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
      'no-trigger-logs': { type: 'boolean' },
    },
  });
  guardProcess(new ConsoleLogger());
  const started = performance.now();
  const tributary = await Tributary.start({
    config: {
      port: values.port === undefined ? undefined : Number(values.port),
      host: values.host,
      dataDir: values['data-dir'],
      maxInstances: values['max-instances'] === undefined ? undefined : Number(values['max-instances']),
      instanceMemoryMb: values['instance-memory-mb'] === undefined ? undefined : Number(values['instance-memory-mb']),
      enforceAuth: values['enforce-auth'],
      credentialsFile: values.credentials,
      allowHosts: values['allow-host']?.flatMap((v) => v.split(',')),
      allowOrigins: values['allow-origin']?.flatMap((v) => v.split(',')),
      triggerLogs: values['no-trigger-logs'] ? false : undefined,
      // The dashboard shows what happened before it was opened.
      observationHistory: process.env.TRIBUTARY_OBSERVATION_HISTORY === undefined ? 10_000 : undefined,
    },
  });
  const ms = (performance.now() - started).toFixed(0);
  process.stdout.write(`[tributary] ready on ${tributary.url} (data in ${tributary.config.dataDir}, ${ms} ms)\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`[tributary] ${signal}: shutting down (requests in flight get up to ${tributary.config.shutdownGraceMs} ms)\n`);
    // A second signal, or a shutdown stuck past the grace period, ends the process at once.
    process.once(signal, () => process.exit(1));
    const force = setTimeout(() => process.exit(1), tributary.config.shutdownGraceMs + 10_000);
    force.unref();
    tributary.stop().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`[tributary] shutdown failed: ${err instanceof Error ? err.message : err}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
