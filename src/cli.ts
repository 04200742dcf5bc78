import { ALIASES, COMMANDS } from './cli/commands.js';
import { GENERAL_HELP } from './cli/help.js';
import { StartupError } from './startup-error.js';

/**
 * The `tributary` command: picks the command and reports what stops it as one line. Commands and
 * their options live in src/cli/ (start's options are the table in src/cli/start-options.ts).
 */
export async function main(argv: string[]): Promise<void> {
  const [given, ...rest] = argv;
  const name = given === undefined ? 'help' : (ALIASES[given] ?? given);
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`tributary: unknown command ${given} (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    process.stdout.write(`${GENERAL_HELP}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    await command(rest);
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    process.stderr.write(`tributary: ${err.message}\n`);
    process.exitCode = err.exitCode;
  }
}
