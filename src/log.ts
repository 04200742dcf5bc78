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

/** A long piece of first-time work, announced when it starts and again when it ends. */
export interface Progress {
  done(detail?: string): void;
  failed(reason: unknown): void;
}

let progressLogger: Logger = silentLogger;

/** Where progress lines go: the logger of the Tributary started last (silent until one starts). */
export function setProgressLogger(logger: Logger): void {
  progressLogger = logger;
}

/**
 * `const p = progress('installing boto3 for python functions (first use)')`, then `p.done()` or
 * `p.failed(err)`: one line now, one line with the duration at the end.
 */
export function progress(message: string): Progress {
  const logger = progressLogger;
  const started = performance.now();
  const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  logger.info(`${message}…`);
  return {
    done(detail) {
      logger.info(`${message}: done in ${took()}${detail ? ` (${detail})` : ''}`);
    },
    failed(reason) {
      logger.warn(`${message}: failed after ${took()}: ${reason instanceof Error ? reason.message : String(reason)}`);
    },
  };
}
