import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The process listening on a TCP port, as far as this user can see. */
export interface PortOwner {
  pid: number;
  name: string;
}

/** Inodes of sockets listening on `port` (state 0A), from /proc/net/tcp and tcp6. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A') continue;
      const localPort = Number.parseInt(fields[1]!.split(':')[1] ?? '', 16);
      if (localPort === port && fields[9] !== '0') inodes.add(fields[9]!);
    }
  }
  return inodes;
}

function nameOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return 'a process';
  }
}

/** Scans the open descriptors of every process we may look into for one of the sockets. */
function fromProc(port: number): PortOwner | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (wanted.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))) return { pid: Number(pid), name: nameOf(Number(pid)) };
      } catch {}
    }
  }
  return undefined;
}

/** `ss -ltnp` where /proc does not tell (it names the process when it may). */
function fromSs(port: number): PortOwner | undefined {
  try {
    const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    return m ? { pid: Number(m[2]), name: m[1]! } : undefined;
  } catch {
    return undefined;
  }
}

export function portOwner(port: number): PortOwner | undefined {
  return fromProc(port) ?? fromSs(port);
}
