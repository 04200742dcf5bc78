import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * Every function process Tributary started, so none outlives it: each runs in its own process
 * group (its children included) and the whole group is killed on stop, on exit and on the
 * termination signals when nothing else handles them. A child that left the group (setsid,
 * `detached: true`) is found through the process tree on Linux and killed with its own group.
 */
const live = new Set<ChildProcess>();
let hooksInstalled = false;

export function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  // Found before any kill: once a parent dies its children are re-parented and the link is lost.
  const escaped = descendantGroups(child.pid);
  if (child.exitCode === null && child.signalCode === null) tryKill(child.pid);
  // The leader may be gone, but processes it started may still hold the group.
  tryKill(-child.pid);
  for (const { pid, pgid } of escaped) {
    if (pgid !== child.pid) tryKill(-pgid);
    tryKill(pid);
  }
}

/** Every live descendant of `root` with its process group (Linux /proc; empty elsewhere). */
export function descendantGroups(root: number): { pid: number; pgid: number }[] {
  if (process.platform !== 'linux') return [];
  const found: { pid: number; pgid: number }[] = [];
  const queue = [root];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const children = childrenOf(next);
    if (children === undefined) return descendantsByScan(root);
    for (const pid of children) {
      const pgid = groupOf(pid);
      if (pgid === undefined) continue;
      found.push({ pid, pgid });
      queue.push(pid);
    }
  }
  return found;
}

/**
 * The children of `pid` from `/proc/<pid>/task/<tid>/children` (a few reads, not a scan of every
 * process); undefined when the kernel does not offer that file.
 */
function childrenOf(pid: number): number[] | undefined {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tasks) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync(`/proc/${pid}/task/${tid}`)) return undefined;
      continue;
    }
    for (const field of text.trim().split(/\s+/)) if (field !== '') children.push(Number(field));
  }
  return children;
}

/** "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function groupOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[2]) : undefined;
}

/** The same, found by reading every process's parent (kernels without the children file). */
function descendantsByScan(root: number): { pid: number; pgid: number }[] {
  const children = new Map<number, { pid: number; pgid: number }[]>();
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(name);
    if (!fields) continue;
    const ppid = Number(fields[1]);
    const entry = { pid: Number(name), pgid: Number(fields[2]) };
    const list = children.get(ppid);
    if (list) list.push(entry);
    else children.set(ppid, [entry]);
  }
  const found: { pid: number; pgid: number }[] = [];
  const queue = [root];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const entry of children.get(next) ?? []) {
      found.push(entry);
      queue.push(entry.pid);
    }
  }
  return found;
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function killAll(): void {
  for (const child of live) killProcessGroup(child);
  live.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // Another listener (the CLI) shuts down gracefully: in-flight invocations finish first, and
      // the 'exit' hook still reaps whatever is left.
      if (process.listenerCount(signal) > 1) return;
      killAll();
      // Only this listener: keep the default behaviour of the signal (terminate).
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

export function trackProcess(child: ChildProcess): void {
  installHooks();
  live.add(child);
  child.once('exit', () => live.delete(child));
}
