import { OBSERVATION_TYPES, type Observation, type ObservationType } from './types.js';

/** What a reader of the stream asked for: the types to subscribe to and a test for each observation. */
export interface ObservationFilter {
  types: readonly ObservationType[];
  matches(observation: Observation): boolean;
}

export class FilterError extends Error {}

/**
 * Reads `/_tributary/events` query parameters. Each parameter may repeat or hold a comma list; an
 * observation passes when it matches one value of every parameter given.
 * - `type`: observation types; an entry ending in `.` (or `.*`) is a prefix (`batch.`).
 * - `function`: a function name or ARN (a qualifier is ignored), against `ids.functionArn`.
 * - `source`: a source ARN or its resource name (queue, bucket), against `ids.sourceArn`, or the
 *   `source` of invocation kinds (`aws:s3`, `lambda:url`, ...).
 * - `mapping`: an event source mapping UUID.
 * - `request`: an API request id or a Lambda request id (`ids.requestId` or `ids.invocationId`).
 */
export function parseObservationFilter(query: URLSearchParams): ObservationFilter {
  const types = typesOf(values(query, 'type'));
  const tests: ((o: Observation) => boolean)[] = [];

  const functions = values(query, 'function');
  if (functions.length > 0) {
    const wanted = functions.map((f) => (f.startsWith('arn:') ? f.split(':').slice(0, 7).join(':') : f));
    tests.push((o) => {
      const arn = o.ids.functionArn;
      return arn !== undefined && wanted.some((w) => w === arn || w === arn.split(':')[6]);
    });
  }

  const sources = values(query, 'source');
  if (sources.length > 0) {
    tests.push((o) => {
      const arn = o.ids.sourceArn;
      const invocationSource = 'source' in o && typeof o.source === 'string' ? o.source : undefined;
      return sources.some((s) => (arn !== undefined && (s === arn || s === resourceName(arn))) || s === invocationSource);
    });
  }

  const mappings = values(query, 'mapping');
  if (mappings.length > 0) tests.push((o) => o.ids.mappingUuid !== undefined && mappings.includes(o.ids.mappingUuid));

  const requests = values(query, 'request');
  if (requests.length > 0) {
    tests.push(
      (o) =>
        (o.ids.requestId !== undefined && requests.includes(o.ids.requestId)) || (o.ids.invocationId !== undefined && requests.includes(o.ids.invocationId)),
    );
  }

  return { types, matches: (o) => tests.every((test) => test(o)) };
}

/** The name at the end of an ARN: `my-queue` of `arn:aws:sqs:...:my-queue`, `photos` of `arn:aws:s3:::photos`. */
export function resourceName(arn: string): string {
  // A DynamoDB stream is named by its table (its label, a timestamp, holds colons).
  const table = /:table\/([^/]+)\/stream\//.exec(arn);
  if (table) return table[1]!;
  const tail = arn.slice(arn.lastIndexOf(':') + 1);
  return tail.slice(tail.lastIndexOf('/') + 1);
}

function values(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

function typesOf(entries: readonly string[]): readonly ObservationType[] {
  if (entries.length === 0) return OBSERVATION_TYPES;
  const chosen = new Set<ObservationType>();
  for (const entry of entries) {
    const prefix = entry.endsWith('.*') ? entry.slice(0, -1) : entry.endsWith('.') ? entry : undefined;
    const matching = OBSERVATION_TYPES.filter((t) => (prefix ? t.startsWith(prefix) : t === entry));
    if (matching.length === 0) throw new FilterError(`Unknown observation type '${entry}'; known types: ${OBSERVATION_TYPES.join(', ')}`);
    for (const t of matching) chosen.add(t);
  }
  return OBSERVATION_TYPES.filter((t) => chosen.has(t));
}
