import { parseArgs } from 'node:util';
import { Tributary } from './app.js';

const USAGE = `Usage: tributary start [--port 4566] [--host 127.0.0.1] [--data-dir .tributary] [--no-trigger-logs]

Starts one local AWS endpoint for Lambda and its event sources.
Environment: TRIBUTARY_PORT, TRIBUTARY_HOST, TRIBUTARY_DATA_DIR, TRIBUTARY_MAX_CONCURRENCY,
TRIBUTARY_INSTANCE_IDLE_MS, TRIBUTARY_ASYNC_RETRY_DELAY_SCALE, TRIBUTARY_FUNCTION_LOGS=0,
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
      'no-trigger-logs': { type: 'boolean' },
    },
  });
  const started = performance.now();
  const tributary = await Tributary.start({
    config: {
      port: values.port === undefined ? undefined : Number(values.port),
      host: values.host,
      dataDir: values['data-dir'],
      triggerLogs: values['no-trigger-logs'] ? false : undefined,
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
