import { spawn } from 'node:child_process';
import { S3Client } from '@aws-sdk/client-s3';
import { clientConfig } from '../support/tributary.js';
import { awsEnv } from '../support/aws-cli.js';

export function s3Client(url: string, options: { region?: string; forcePathStyle?: boolean } = {}): S3Client {
  return new S3Client({ ...clientConfig(url, options.region), forcePathStyle: options.forcePathStyle ?? true, maxAttempts: 1 });
}

/** The AWS error an SDK call rejected with. */
export async function s3Error(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number; error: any }> {
  try {
    await promise;
  } catch (error: any) {
    return { name: error.name ?? error.Code, message: error.message, status: error.$metadata?.httpStatusCode, error };
  }
  throw new Error('expected the call to fail');
}

export const CLI_ENV = awsEnv();

/** Runs a program (the AWS CLI, python3) to completion, with a bounded wait. */
export function run(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? CLI_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export async function streamToBuffer(body: any): Promise<Buffer> {
  return Buffer.from(await body.transformToByteArray());
}
