import { readFile } from 'node:fs/promises';

/** Peak resident memory of a process in MB (VmHWM), or 0 when it cannot be read. */
export async function maxMemoryUsedMb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Math.ceil(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}
