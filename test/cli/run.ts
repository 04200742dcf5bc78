import { spawn } from 'node:child_process';
import { TRIBUTARY_BIN } from '../support/processes.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: only what node needs, plus `env`. */
export const cleanEnv = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TRIBUTARY_FUNCTION_LOGS: '0',
  ...env,
});

/** Runs `tributary <args>` to its end; a run that outlives `timeoutMs` is killed and fails as hung. */
export function runTributary(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 10_000): Promise<Run> {
  const child = spawn(process.execPath, [TRIBUTARY_BIN, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tributary ${args.join(' ')} did not finish within ${timeoutMs} ms (output: ${stdout}${stderr})`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // 'exit' can come before the pipes drain.
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}
