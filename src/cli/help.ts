import { ENV_ONLY } from './env-vars.js';
import { START_OPTIONS } from './start-options.js';

const column = (left: string, right: string, width = 30) => `  ${left.padEnd(width)}${right}`;

export const GENERAL_HELP = `Usage: tributary start [options]        run the local AWS endpoint (tributary start --help)
       tributary status [--port PORT]   is a Tributary answering on that port?
       tributary help | --help | -h
       tributary version | --version | -v

Tributary: AWS Lambda and its event sources, on your own machine, on one endpoint that the AWS CLI,
boto3 and the SDKs talk to as if it were AWS.`;

export function startHelp(): string {
  const options = START_OPTIONS.map((o) => column(`--${o.name}${o.value ? ` ${o.value}` : ''}`, `${o.description}${o.env ? ` [${o.env}]` : ''}`));
  const env = ENV_ONLY.map((e) => column(e.name, e.description, 40));
  return [
    'Usage: tributary start [options]',
    '',
    'Starts one local AWS endpoint for Lambda and its event sources.',
    '',
    'Options (the variable in brackets sets the same; an option wins over it):',
    ...options,
    column('-h, --help', 'show this help'),
    '',
    'Environment only:',
    ...env,
    '',
    'Numbers are whole numbers written as digits; on/off variables take 1 or 0 (or true/false, yes/no, on/off).',
    'Requests must name this machine in Host (loopback, *.localhost, the listen address) or an --allow-host',
    'name; browser requests from other origins are refused unless --allow-origin allows them.',
    'Observations stream at http://<host>:<port>/_tributary/events (server-sent events).',
  ].join('\n');
}

export const STATUS_HELP = `Usage: tributary status [--port PORT] [--host ADDRESS]

Asks the Tributary on that port (default TRIBUTARY_PORT or 4566, host 127.0.0.1) for its health.
Exits 0 when one answers, 1 when none does.`;
