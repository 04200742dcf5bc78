import { envValue, parseWholeNumber, PORT_RANGE } from '../config-values.js';
import { parseCommandArgs } from './args.js';
import { STATUS_HELP } from './help.js';

/** `tributary status`: asks a running Tributary for its health. */
export async function status(args: string[]): Promise<void> {
  const values = parseCommandArgs('status', args, { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${STATUS_HELP}\n`);
    return;
  }
  const port =
    typeof values.port === 'string'
      ? parseWholeNumber(values.port, `--port ${values.port}`, PORT_RANGE)
      : envValue.int(process.env, 'TRIBUTARY_PORT', 4566, PORT_RANGE);
  const host = typeof values.host === 'string' ? values.host : (process.env.TRIBUTARY_HOST ?? '127.0.0.1');
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    const res = await fetch(`${url}/_tributary/health`, { signal: AbortSignal.timeout(3000) });
    const body = (await res.json()) as { status?: string; services?: Record<string, { status?: string }> };
    const services = Object.entries(body.services ?? {});
    const notRunning = services.filter(([, s]) => s.status !== undefined && s.status !== 'running').map(([name, s]) => `${name}: ${s.status}`);
    process.stdout.write(
      `tributary is ${body.status ?? 'answering'} on ${url} (${services.length} services${notRunning.length ? `; ${notRunning.join(', ')}` : ''})\n`,
    );
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    process.stderr.write(`tributary: nothing answers on ${url} (${cause === 'ECONNREFUSED' ? 'connection refused' : cause})\n`);
    process.exitCode = 1;
  }
}
