import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../startup-error.js';

export const LOCK_FILE = 'tributary.lock';

/** What a lock file says about the Tributary that holds the data dir. */
export interface LockRecord {
  pid: number;
  /** 0 until the endpoint listens. */
  port: number;
  startedAt: string;
  /** The holder's start time in clock ticks since boot (/proc/<pid>/stat), telling a reused pid apart. */
  processStart?: string;
  token: string;
}

/** A process's start time from /proc, or undefined where there is no /proc. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses); starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(record: LockRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartTime(record.pid);
  return record.processStart === undefined || start === undefined || start === record.processStart;
}

function readRecord(file: string): LockRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as LockRecord;
    return typeof record.pid === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One Tributary per data dir: a lock file holding the owner's pid, port and start time. The file
 * appears complete or not at all (written aside, then hard-linked into place, which fails if one
 * exists). A lock whose process is gone (kill -9, a crash) is taken over.
 */
export class DataDirLock {
  private constructor(
    private readonly file: string,
    private record: LockRecord,
  ) {}

  /** Takes the lock of `dataDir`; `onTakeover` hears about a stale lock that was replaced. */
  static acquire(dataDir: string, onTakeover: (stale: LockRecord) => void = () => {}): DataDirLock {
    const file = path.join(dataDir, LOCK_FILE);
    const record: LockRecord = {
      pid: process.pid,
      port: 0,
      startedAt: new Date().toISOString(),
      processStart: processStartTime(process.pid),
      token: randomUUID(),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      if (DataDirLock.place(file, record)) return new DataDirLock(file, record);
      const holder = readRecord(file);
      if (holder && isAlive(holder)) {
        const port = holder.port ? `on port ${holder.port}` : '(still starting)';
        throw new StartupError(`data dir ${dataDir} is in use by tributary pid ${holder.pid} ${port}; stop it, or pass another --data-dir`);
      }
      // Stale (its process is gone) or unreadable: replace it, unless someone replaced it meanwhile.
      const again = readRecord(file);
      if (again?.token !== holder?.token) continue;
      fs.rmSync(file, { force: true });
      if (holder) onTakeover(holder);
    }
    throw new StartupError(`data dir ${dataDir}: could not take ${file} (another Tributary keeps starting on it)`);
  }

  private static place(file: string, record: LockRecord): boolean {
    const aside = `${file}.${record.token}`;
    fs.writeFileSync(aside, `${JSON.stringify(record)}\n`);
    try {
      fs.linkSync(aside, file);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new StartupError(`cannot lock data dir ${path.dirname(file)}: ${(err as Error).message}`);
    } finally {
      fs.rmSync(aside, { force: true });
    }
  }

  /** Records the port once the endpoint listens, for the message a second server prints. */
  setPort(port: number): void {
    this.record = { ...this.record, port };
    const aside = `${this.file}.${this.record.token}`;
    fs.writeFileSync(aside, `${JSON.stringify(this.record)}\n`);
    fs.renameSync(aside, this.file);
  }

  /** Removes the lock file if it is still ours. */
  release(): void {
    if (readRecord(this.file)?.token === this.record.token) fs.rmSync(this.file, { force: true });
  }
}
