import { Tributary } from '../app.js';
import type { TributaryConfig } from '../config.js';
import { ConsoleLogger } from '../log.js';
import { guardProcess } from '../server/crash-guard.js';
import { parseCommandArgs } from './args.js';
import { startHelp } from './help.js';
import { START_OPTIONS } from './start-options.js';

/** Reads `tributary start` arguments into config overrides, or undefined when help was asked for. */
export function startConfig(args: string[]): Partial<TributaryConfig> | undefined {
  const options = Object.fromEntries(
    START_OPTIONS.map((o) => [o.name, { type: o.kind === 'flag' ? 'boolean' : 'string', multiple: o.kind === 'list' }] as const),
  );
  const values = parseCommandArgs('start', args, { ...options, help: { type: 'boolean', short: 'h' } });
  if (values.help) return undefined;
  const config: Partial<TributaryConfig> = {};
  for (const option of START_OPTIONS) {
    const value = values[option.name];
    if (value !== undefined) option.apply(config, value);
  }
  return config;
}

export async function start(args: string[]): Promise<void> {
  const config = startConfig(args);
  if (!config) {
    process.stdout.write(`${startHelp()}\n`);
    return;
  }
  // The dashboard shows what happened before it was opened.
  if (process.env.TRIBUTARY_OBSERVATION_HISTORY === undefined) config.observationHistory = 10_000;
  guardProcess(new ConsoleLogger());
  const started = performance.now();
  const tributary = await Tributary.start({ config });
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
