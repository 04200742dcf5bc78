import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import type { ObservationHistory } from '../observations/history.js';
import type { ServiceDeps } from '../services/deps.js';
import type { Service } from '../services/service.js';

/**
 * Tributary's own endpoints under `/_tributary/` (the dashboard, its JSON API, the test harness's
 * HTTP helpers). They are not AWS APIs: they answer JSON (or the dashboard's files), never AWS's
 * error shapes, and only same-origin browser requests reach them.
 */
export interface InternalRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the URL path; a RegExp's groups are handed to `handle`. */
  path: string | RegExp;
  handle(request: InternalRequest): Promise<void> | void;
}

export interface InternalRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The RegExp match groups of `path`, decoded (`[]` for a string path). */
  params: string[];
}

/** What internal endpoints are built from: everything services have, plus the services themselves. */
export interface InternalDeps extends ServiceDeps {
  services: readonly Service[];
  /** The most recent observations, kept for readers that arrive after the fact. */
  history: ObservationHistory;
  /** The clock the server runs on; a `ManualClock` when started with one (tests, the harness). */
  clock: Clock;
}

/** A group of internal routes, built once the services exist. */
export interface InternalModule {
  name: string;
  routes(deps: InternalDeps): readonly InternalRoute[];
}
