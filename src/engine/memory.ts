import fs from 'node:fs';

const VM_HWM = /^VmHWM:\s+(\d+) kB/m;

/**
 * Peak resident memory (VmHWM) of one process, for the REPORT line's Max Memory Used. The status
 * file stays open and is re-read from offset 0 (procfs renders it afresh on each read): one
 * pread per invocation instead of the open/stat/read/close of a readFile.
 */
export class MemoryProbe {
  private fd?: number;
  private closed = false;
  private readonly buffer = Buffer.allocUnsafe(4096);

  constructor(private readonly pid: number | undefined) {}

  /** Peak resident memory in MB, or 0 when it cannot be read (the process is gone). */
  maxMemoryUsedMb(): number {
    if (this.pid === undefined || this.closed) return 0;
    try {
      this.fd ??= fs.openSync(`/proc/${this.pid}/status`, 'r');
      const length = fs.readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      const match = VM_HWM.exec(this.buffer.toString('latin1', 0, length));
      return match ? Math.ceil(Number(match[1]) / 1024) : 0;
    } catch {
      return 0;
    }
  }

  close(): void {
    this.closed = true;
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }
}
