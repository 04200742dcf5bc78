import { parseArgs, type ParseArgsConfig } from 'node:util';
import { StartupError } from '../startup-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs, strict, with its errors as one line that names the command's help (its own messages
 * run to several sentences and come with a stack).
 */
export function parseCommandArgs(command: string, args: string[], options: Options): Record<string, string | string[] | boolean | undefined> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | string[] | boolean | undefined>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = (err as Error).message;
    const quoted = /'(-[^' ]*)/.exec(message)?.[1];
    const see = `see tributary ${command} --help`;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new StartupError(`unknown option ${quoted ?? message} for tributary ${command} (${see})`, 2);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = /--?[\w-]+/.exec(message)?.[0] ?? 'an option';
      if (message.includes('ambiguous')) throw new StartupError(`option ${name} needs a value; one starting with a dash is written ${name}=-… (${see})`, 2);
      const wantsValue = message.includes('argument missing');
      throw new StartupError(wantsValue ? `option ${name} needs a value (${see})` : `option ${name} takes no value (${see})`, 2);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const arg = /'([^']*)'/.exec(message)?.[1] ?? '';
      throw new StartupError(`unexpected argument ${arg} for tributary ${command} (${see})`, 2);
    }
    throw new StartupError(`${message} (${see})`, 2);
  }
}
