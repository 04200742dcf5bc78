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
  const children = new Map<number, { pid: number; pgid: number }[]>();
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
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
