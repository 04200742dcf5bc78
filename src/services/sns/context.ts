import type { ServiceDeps } from '../deps.js';
import type { Dispatcher } from './delivery/dispatcher.js';
import type { Urls } from './envelope.js';
import type { SigningIdentity } from './signing.js';
import type { SnsTables } from './store.js';

/** What every SNS operation works with. */
export interface SnsEnv {
  deps: ServiceDeps;
  tables: SnsTables;
  signer: SigningIdentity;
  dispatcher: Dispatcher;
  urls(): Urls;
}

/** Who is calling: the account and region of the request, and its id. */
export interface SnsCall {
  accountId: string;
  region: string;
  requestId: string;
  traceHeader?: string;
}
