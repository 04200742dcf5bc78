import { spawn, type ChildProcess } from 'node:child_process';

/** Debian's AWS CLI v2 package, and v1 as pip installs it for python3 (requirements-dev.txt). */
export const CLI_V2 = ['/usr/bin/aws'] as const;
export const CLI_V1 = ['python3', '-m', 'awscli'] as const;

/** An environment with test credentials and no user config, for the AWS CLI and boto3. */
export function awsEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    ...extra,
  };
}

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion with a bounded wait. */
export function runCommand(command: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { env: options.env ?? awsEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command.join(' ')} timed out\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** `aws --endpoint-url <url> <args>` with one of the CLIs above. */
export function awsCli(cli: readonly string[], url: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Finished> {
  return runCommand([...cli, '--endpoint-url', url, ...args], { env: env ?? awsEnv() });
}

/** Runs a Python script (boto3) with `args`; its stdout parsed as JSON. */
export async function runPython(script: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<any> {
  const done = await runCommand(['python3', '-c', script, ...args], { env: env ?? awsEnv() });
  if (done.code !== 0) throw new Error(`python3 failed (${done.code}):\n${done.stderr}`);
  return JSON.parse(done.stdout);
}

/** A long-running CLI command (`logs tail --follow`): its output so far, and a way to end it. */
export function startCommand(command: readonly string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output(): string; stop(): void } {
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return { child, output: () => output, stop: () => child.kill('SIGKILL') };
}
