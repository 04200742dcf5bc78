/** Tributary's own terminal output. Function logs go through here too, prefixed by function name. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** One line of a function's output, already formatted. */
  functionLine(functionName: string, line: string): void;
}

export class ConsoleLogger implements Logger {
  constructor(private readonly showFunctionLogs = true) {}

  info(message: string): void {
    process.stdout.write(`[tributary] ${message}\n`);
  }

  warn(message: string): void {
    process.stderr.write(`[tributary] WARN ${message}\n`);
  }

  error(message: string): void {
    process.stderr.write(`[tributary] ERROR ${message}\n`);
  }

  functionLine(functionName: string, line: string): void {
    if (this.showFunctionLogs) process.stdout.write(`[${functionName}] ${line}\n`);
  }
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  functionLine() {},
};
