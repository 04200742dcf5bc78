import { StartupError } from '../startup-error.js';
import { portOwner } from './port-owner.js';

/** Turns a failed listen into one line that says what is wrong and what to do. */
export function listenError(err: unknown, host: string, port: number): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    const owner = portOwner(port);
    const by = owner ? ` by ${owner.name} (pid ${owner.pid})` : '';
    return new StartupError(`port ${port} is already in use${by}; stop it, or start Tributary on another port with --port (or TRIBUTARY_PORT)`);
  }
  if (code === 'EACCES') {
    return new StartupError(`port ${port} on ${host} needs privileges this user does not have (ports below 1024 usually do); pick another with --port`);
  }
  if (code === 'EADDRNOTAVAIL') return new StartupError(`cannot listen on ${host}: it is not an address of this machine; pass another with --host`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new StartupError(`cannot listen on ${host}: no such host name; pass an address with --host`);
  return err;
}
