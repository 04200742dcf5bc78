import type { ChildProcess } from 'node:child_process';

/**
 * Every function process Tributary started, so none outlives it: each runs in its own process
 * group (its children included) and the whole group is killed on stop, on exit and on the
 * termination signals when nothing else handles them.
 */
const live = new Set<ChildProcess>();
let hooksInstalled = false;

export function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    // The leader is gone, but processes it started may still hold the group.
    if (child.pid !== undefined) tryKill(-child.pid);
    return;
  }
  tryKill(-child.pid);
  tryKill(child.pid);
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
