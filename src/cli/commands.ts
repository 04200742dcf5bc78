import { GENERAL_HELP } from './help.js';
import { start } from './start.js';
import { status } from './status.js';
import { packageVersion } from './version.js';

/** Every command of the CLI, by every name it answers to. */
export const COMMANDS: Record<string, (args: string[]) => Promise<void> | void> = {
  start,
  status,
  help: () => void process.stdout.write(`${GENERAL_HELP}\n`),
  version: () => void process.stdout.write(`${packageVersion()}\n`),
};

export const ALIASES: Record<string, string> = { '--help': 'help', '-h': 'help', '--version': 'version', '-v': 'version' };
