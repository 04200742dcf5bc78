/**
 * A reason Tributary cannot start that the user can fix (a bad setting, a port in use, a data dir it
 * cannot use). The CLI prints its message as one line, without a stack, and exits with `exitCode`:
 * 2 for bad input (usage), 1 for everything else.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}
