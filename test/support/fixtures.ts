/**
 * Recorded AWS responses, replayed: a fixture (test/fixtures/aws/<service>/*.json) is a list of
 * HTTP request → response pairs taken from AWS's documentation or from public test suites recorded
 * against real AWS. `replayFixture` sends each request to a target (Tributary, or real AWS under
 * TRIBUTARY_TEST_TARGET=aws) and compares status, error type, message and every body field.
 *
 * Only values that differ per run are left uncompared, by member name (IGNORED_VALUES) — the member
 * must still be present. The format is described in test/fixtures/aws/README.md.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { zipOf } from './functions.js';

export interface FixtureRequest {
  method: string;
  /** Path with an optional query string, e.g. `/2015-03-31/functions/{{name:fn}}?Qualifier=1`. */
  path: string;
  headers?: Record<string, string>;
  /** A JSON body (an object), or raw text. */
  body?: unknown;
}

export interface FixtureResponse {
  status: number;
  /** The `x-amzn-ErrorType` of an error (the code before any `:`). */
  errorType?: string;
  /** The error message, however the body spells the member (`message` or `Message`). */
  message?: string;
  /** Every member of the JSON body; compared exactly unless `partial`. */
  body?: unknown;
  /** Compare only the members `body` lists (for recordings that predate members AWS added since). */
  partial?: boolean;
}

export interface FixtureStep {
  name: string;
  request: FixtureRequest;
  /** Absent: the step is setup and only needs to succeed (2xx). */
  response?: FixtureResponse;
  /** The answer settles over time on AWS (state transitions): resend until it matches, bounded. */
  eventually?: boolean;
}

export interface Fixture {
  /** The signing name of the service (`lambda`, `sqs`, `s3`). */
  service: string;
  /** Where the facts come from: document or snapshot, and the test/recording it belongs to. */
  source: string;
  description?: string;
  steps: FixtureStep[];
  /** Requests that undo what the steps made; their answers are not compared. */
  cleanup?: FixtureRequest[];
}

/**
 * Members whose values are per run (ids, clocks, revisions, code hashes of a rebuilt zip, URLs with
 * generated ids). Their presence is compared, their value is not.
 */
export const IGNORED_VALUES: ReadonlySet<string> = new Set([
  'RevisionId',
  'LastModified',
  'LastModifiedTime',
  'CreationTime',
  'CreatedDate',
  'CodeSha256',
  'CodeSize',
  'Location',
  'RuntimeVersionArn',
  'FunctionUrl',
  'CodeSigningConfigId',
  'CodeSigningConfigArn',
  'UUID',
]);

export interface Target {
  kind: 'tributary' | 'aws';
  endpoint: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The execution role functions are created with (`{{role}}`); on AWS it must exist. */
  roleArn?: string;
}

/** Deployment packages by `{{zip:...}}` name. */
const PACKAGES: Record<string, Record<string, string>> = {
  python: { 'handler.py': 'def handler(event, context):\n    return event\n' },
  python2: { 'handler.py': 'def handler(event, context):\n    return {"v": 2, "event": event}\n' },
  node: { 'index.js': 'exports.handler = async (e) => e;\n' },
};

export interface StepResult {
  step: string;
  ok: boolean;
  problems: string[];
}

/** Loads every fixture of a service, by file name. */
export function loadFixtures(dir: string): { file: string; fixture: Fixture }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, fixture: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Fixture }));
}

/**
 * `{{region}}`, `{{account}}`, `{{role}}`, `{{name:x}}` (a name unique to this run), `{{zip:python}}` /
 * `{{zip:node}}` (a base64 deployment package), `{{repeat:N:c}}` (c repeated N times).
 */
export class Placeholders {
  private readonly names = new Map<string, string>();
  private readonly run = randomBytes(3).toString('hex');

  constructor(private readonly target: Target) {}

  text(s: string): string {
    return s.replace(/\{\{([a-z]+)(?::([^}]*))?\}\}/g, (_, kind: string, arg: string | undefined) => {
      switch (kind) {
        case 'region':
          return this.target.region;
        case 'account':
          return this.target.accountId;
        case 'role':
          return this.target.roleArn ?? `arn:aws:iam::${this.target.accountId}:role/lambda-role`;
        case 'name':
          return this.name(arg ?? 'x');
        case 'zip':
          return zipOf(PACKAGES[arg ?? 'python'] ?? PACKAGES.python!).toString('base64');
        case 'repeat': {
          const [n, c] = (arg ?? '').split(':');
          return (c ?? 'x').repeat(Number(n));
        }
        default:
          throw new Error(`unknown placeholder {{${kind}}}`);
      }
    });
  }

  value(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [this.text(k), this.value(x)]));
    }
    return v;
  }

  private name(key: string): string {
    let n = this.names.get(key);
    if (!n) {
      n = `fx-${this.run}-${key}`;
      this.names.set(key, n);
    }
    return n;
  }
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends one request, SigV4-signed for the fixture's service as SDKs sign it. */
export async function send(target: Target, service: string, request: FixtureRequest): Promise<Reply> {
  const url = new URL(request.path, target.endpoint);
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const headers: Record<string, string> = { host: url.host, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers };
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({ service, region: target.region, credentials: target.credentials, sha256: Sha256, uriEscapePath: service !== 's3' });
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers,
    body,
  });
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      { host: url.hostname, port: url.port || undefined, method: request.method, path: url.pathname + url.search, headers: signed.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Replays a fixture's steps in order; every step is compared, even after an earlier one failed. */
export async function replayFixture(target: Target, fixture: Fixture): Promise<StepResult[]> {
  const ph = new Placeholders(target);
  const results: StepResult[] = [];
  try {
    for (const step of fixture.steps) {
      const request = ph.value(step.request) as FixtureRequest;
      const expected = step.response && (ph.value(step.response) as FixtureResponse);
      let problems: string[] = [];
      // Tributary settles within a turn of its event loop; AWS within seconds.
      const deadline = Date.now() + (step.eventually ? (target.kind === 'aws' ? 60_000 : 5_000) : 0);
      for (;;) {
        const reply = await send(target, fixture.service, request);
        problems = expected ? compareReply(expected, reply) : reply.status >= 300 ? [`setup failed: ${reply.status} ${reply.body.slice(0, 300)}`] : [];
        if (problems.length === 0 || Date.now() >= deadline) break;
        await new Promise((r) => setTimeout(r, target.kind === 'aws' ? 1000 : 20));
      }
      results.push({ step: step.name, ok: problems.length === 0, problems });
    }
  } finally {
    for (const request of fixture.cleanup ?? []) {
      await send(target, fixture.service, ph.value(request) as FixtureRequest).catch(() => undefined);
    }
  }
  return results;
}

/** Every difference between a recorded response and the one received. */
export function compareReply(expected: FixtureResponse, reply: Reply): string[] {
  const problems: string[] = [];
  if (reply.status !== expected.status) problems.push(`status ${reply.status}, AWS ${expected.status}`);
  let body: unknown;
  try {
    body = reply.body === '' ? undefined : JSON.parse(reply.body);
  } catch {
    body = reply.body;
  }
  if (expected.errorType !== undefined) {
    const header = String(reply.headers['x-amzn-errortype'] ?? '').split(':')[0];
    if (header !== expected.errorType) problems.push(`x-amzn-ErrorType '${header}', AWS '${expected.errorType}'`);
  }
  if (expected.message !== undefined) {
    const record = (body ?? {}) as Record<string, unknown>;
    const message = record.message ?? record.Message;
    if (message !== expected.message) problems.push(`message ${JSON.stringify(message)}\n      AWS     ${JSON.stringify(expected.message)}`);
  }
  if (expected.body !== undefined) problems.push(...compareValue(expected.body, body, '', expected.partial === true));
  return problems;
}

function compareValue(expected: unknown, actual: unknown, at: string, partial: boolean): string[] {
  const name =
    at
      .split('.')
      .pop()
      ?.replace(/\[\d+\]$/, '') ?? '';
  if (IGNORED_VALUES.has(name)) return actual === undefined ? [`${at}: missing`] : [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: ${JSON.stringify(actual)}, AWS an array`];
    if (actual.length !== expected.length) return [`${at}: ${actual.length} items, AWS ${expected.length}: ${JSON.stringify(actual).slice(0, 400)}`];
    return expected.flatMap((e, i) => compareValue(e, actual[i], `${at}[${i}]`, partial));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${at || 'body'}: ${JSON.stringify(actual)}, AWS an object`];
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of Object.keys(e)) {
      const child = at === '' ? key : `${at}.${key}`;
      if (!(key in a)) problems.push(`${child}: missing (AWS ${JSON.stringify(e[key])?.slice(0, 200)})`);
      else problems.push(...compareValue(e[key], a[key], child, partial));
    }
    if (!partial) {
      for (const key of Object.keys(a))
        if (!(key in e) && !isErrorEcho(at, key, a))
          problems.push(`${at === '' ? key : `${at}.${key}`}: not sent by AWS (${JSON.stringify(a[key])?.slice(0, 200)})`);
    }
    return problems;
  }
  return Object.is(expected, actual) ? [] : [`${at}: ${JSON.stringify(actual)}, AWS ${JSON.stringify(expected)}`];
}

/**
 * Lambda errors whose model member is `Message` also carry the lower-case `message` that other
 * clients read; SDKs parse only the modeled member, so the recordings cannot show it either way.
 */
function isErrorEcho(at: string, key: string, a: Record<string, unknown>): boolean {
  return at === '' && key === 'message' && typeof a.Message === 'string' && a.message === a.Message;
}

/** Node's SHA-256 in the shape the signer wants. */
class Sha256 {
  private readonly hash;
  constructor(secret?: unknown) {
    this.hash = secret ? createHmac('sha256', Buffer.from(secret as Uint8Array)) : createHash('sha256');
  }
  update(data: string | Uint8Array): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data) : data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}
