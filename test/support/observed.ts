import http from 'node:http';
import type { Tributary } from '../../src/app.js';
import type { ObservationListener } from '../../src/observations/bus.js';
import { OBSERVATION_TYPES, type Observation, type ObservationType } from '../../src/observations/types.js';
import type { TestTributary } from './tributary.js';

/**
 * Waiting for what Tributary did instead of polling or sleeping. Every helper subscribes when it is
 * called, so call it BEFORE the action and await it after:
 *
 *   const finished = observed(t, 'invocation.finished', (o) => o.ids.functionArn === arn);
 *   await lambda.send(new InvokeCommand(...));
 *   const o = await finished;
 *
 * Waits are bounded; a timeout names what was awaited and lists what was observed meanwhile.
 */

/** Anything observations can be read from: an in-process Tributary, or an `/_tributary/events` client. */
export interface ObservationSource {
  subscribe(listener: ObservationListener, types?: readonly ObservationType[]): () => void;
}

export type Observable = TestTributary | Tributary | ObservationSource;

export interface WaitOptions {
  /** Default 10 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function sourceOf(from: Observable): ObservationSource {
  if ('tributary' in from) return from.tributary.observations;
  if ('observations' in from) return from.observations;
  return from;
}

/** The first observation of `type` (for which `where` holds) from now on. */
export function observed<T extends ObservationType>(
  from: Observable,
  type: T,
  where?: (o: Observation<T>) => boolean,
  options?: WaitOptions,
): Promise<Observation<T>>;
/** The first observation, of any type, for which `predicate` holds from now on. */
export function observed(from: Observable, predicate: (o: Observation) => boolean, options?: WaitOptions): Promise<Observation>;
export function observed(
  from: Observable,
  typeOrPredicate: ObservationType | ((o: Observation) => boolean),
  whereOrOptions?: ((o: Observation) => boolean) | WaitOptions,
  maybeOptions?: WaitOptions,
): Promise<Observation> {
  const byType = typeof typeOrPredicate === 'string';
  const where = byType ? (whereOrOptions as ((o: Observation) => boolean) | undefined) : typeOrPredicate;
  const options = (byType ? maybeOptions : (whereOrOptions as WaitOptions | undefined)) ?? {};
  const types = byType ? [typeOrPredicate] : OBSERVATION_TYPES;
  const what = byType ? `${typeOrPredicate}${where ? ' matching the predicate' : ''}` : 'an observation matching the predicate';
  const collector = collect(from, types);
  const found = collector.until((o) => (where ? where(o) : true), { ...options, what }).finally(() => collector.stop());
  // Marked handled: a wait that times out before the test awaits it must not be an unhandled rejection.
  found.catch(() => {});
  return found;
}

export interface Collector {
  /** Everything observed since `collect` was called, in order. */
  readonly observations: readonly Observation[];
  /** Those of one type. */
  of<T extends ObservationType>(type: T): Observation<T>[];
  /** The first observation (already collected or still to come) for which `predicate` holds. */
  until(predicate: (o: Observation) => boolean, options?: WaitOptions & { what?: string }): Promise<Observation>;
  /** Waits until `count` collected observations satisfy `predicate`; resolves with them. */
  atLeast(count: number, predicate: (o: Observation) => boolean, options?: WaitOptions & { what?: string }): Promise<Observation[]>;
  stop(): void;
}

/** Collects every observation of `types` (all types when omitted) from now until `stop`. */
export function collect(from: Observable, types: readonly ObservationType[] = OBSERVATION_TYPES): Collector {
  const seen: Observation[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = sourceOf(from).subscribe((o) => {
    seen.push(o);
    for (const wake of [...waiters]) wake();
  }, types);

  const atLeast = (count: number, predicate: (o: Observation) => boolean, options: WaitOptions & { what?: string } = {}) => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const what = options.what ?? (count === 1 ? 'a matching observation' : `${count} matching observations`);
    return new Promise<Observation[]>((resolve, reject) => {
      const check = () => {
        const matching = seen.filter(predicate);
        if (matching.length < count) return false;
        finish();
        resolve(matching.slice(0, count));
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what} (of ${types.length === OBSERVATION_TYPES.length ? 'all types' : types.join(', ')}); observed:\n${describe(seen)}`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      const wake = () => void check();
      if (!check()) waiters.add(wake);
    });
  };

  return {
    observations: seen,
    of: <T extends ObservationType>(type: T) => seen.filter((o) => o.type === type) as unknown as Observation<T>[],
    until: (predicate, options) => atLeast(1, predicate, options).then(([first]) => first!),
    atLeast,
    stop: unsubscribe,
  };
}

/** One line per observation, for timeout messages. */
export function describe(observations: readonly Observation[], max = 40): string {
  if (observations.length === 0) return '  (nothing)';
  const lines = observations.slice(-max).map((o) => {
    const { type, ids, seq, time, ...fields } = o;
    return `  #${seq} ${type} ids=${JSON.stringify(ids)} ${JSON.stringify(fields)}`;
  });
  if (observations.length > max) lines.unshift(`  (${observations.length - max} earlier left out)`);
  return lines.join('\n');
}

/** One server-sent event as it came over the wire. */
export interface EventFrame {
  event?: string;
  id?: string;
  data: string;
}

/** A reader of `/_tributary/events`, for spawned servers; an `ObservationSource` for `observed`/`collect`. */
export interface EventsClient extends ObservationSource {
  /** The response's status and headers. */
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Every event frame received, raw. */
  readonly frames: readonly EventFrame[];
  /** Comment lines received (the subscription line, keep-alives). */
  readonly comments: readonly string[];
  close(): void;
}

/**
 * Opens `<baseUrl>/_tributary/events?<query>` and resolves once the stream is open (its first line
 * has arrived), so an action taken after the await is observed.
 */
export function connectEvents(baseUrl: string, query = '', options: WaitOptions = {}): Promise<EventsClient> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = new URL(`/_tributary/events${query ? `?${query}` : ''}`, baseUrl);
  return new Promise((resolve, reject) => {
    const listeners = new Set<{ listener: ObservationListener; types: readonly ObservationType[] }>();
    const frames: EventFrame[] = [];
    const comments: string[] = [];
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`timed out after ${timeoutMs} ms opening ${url}`));
    }, timeoutMs);
    const req = http.get(url, { agent: false }, (res) => {
      let buffer = '';
      let opened = false;
      const client: EventsClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        comments,
        subscribe(listener, types = OBSERVATION_TYPES) {
          const entry = { listener, types };
          listeners.add(entry);
          return () => listeners.delete(entry);
        },
        close: () => req.destroy(),
      };
      const open = () => {
        if (opened) return;
        opened = true;
        clearTimeout(timer);
        resolve(client);
      };
      if (res.statusCode !== 200) {
        open();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame = parseBlock(block, comments);
          if (frame) {
            frames.push(frame);
            const observation = JSON.parse(frame.data) as Observation;
            for (const { listener, types } of [...listeners]) if (types.includes(observation.type)) listener(observation);
          }
        }
        open();
      });
      res.on('error', () => {});
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function parseBlock(block: string, comments: string[]): EventFrame | undefined {
  const frame: EventFrame = { data: '' };
  let hasData = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') frame.event = value;
    else if (field === 'id') frame.id = value;
    else if (field === 'data') {
      frame.data = hasData ? `${frame.data}\n${value}` : value;
      hasData = true;
    }
  }
  return hasData ? frame : undefined;
}
