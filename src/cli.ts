import { parseArgs } from 'node:util';
import { Tributary } from './app.js';

const USAGE = `Usage: tributary start [--port 4566] [--host 127.0.0.1] [--data-dir .tributary]
                       [--max-instances N] [--instance-memory-mb MB]
                       [--enforce-auth --credentials accounts.json]

Starts one local AWS endpoint for Lambda and its event sources.
Environment: TRIBUTARY_PORT, TRIBUTARY_HOST, TRIBUTARY_DATA_DIR, TRIBUTARY_MAX_CONCURRENCY,
TRIBUTARY_INSTANCE_IDLE_MS,
TRIBUTARY_MAX_INSTANCES, TRIBUTARY_INSTANCE_MEMORY_MB (the budget of warm instances across all functions),
TRIBUTARY_ENFORCE_AUTH=1, TRIBUTARY_CREDENTIALS_FILE (SigV4 verified against these accounts' keys), TRIBUTARY_ASYNC_RETRY_DELAY_SCALE, TRIBUTARY_FUNCTION_LOGS=0.`;

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
    },
  });
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
    },
  });
  const ms = (performance.now() - started).toFixed(0);
  process.stdout.write(`[tributary] ready on ${tributary.url} (data in ${tributary.config.dataDir}, ${ms} ms)\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`[tributary] ${signal}: shutting down\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
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
