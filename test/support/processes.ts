import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** The repository root and the CLI users start Tributary with. */
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const TRIBUTARY_BIN = path.join(ROOT, 'bin/tributary.js');

/** A loopback port the OS had free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `node bin/tributary.js <args>` as a child process; its stdout and stderr gather in `output()`. */
export function spawnTributary(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): { child: ChildProcess; output(): string } {
  const child = spawn(process.execPath, [TRIBUTARY_BIN, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}
