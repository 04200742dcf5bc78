import type { IncomingMessage } from 'node:http';
import type { SqsPort } from '../../contracts.js';
import { AwsError, internalError, isAwsError } from '../../protocols/aws-error.js';
import { send } from '../../protocols/http.js';
import { JsonRpcCodec } from '../../protocols/json-rpc.js';
import type { JsonOperation } from '../../protocols/json-rpc.js';
import { QueryCodec, readQueryParams } from '../../protocols/query.js';
import type { QueryOperation } from '../../protocols/query.js';
import type { HttpExchange, RequestContext } from '../../server/request-context.js';
import type { ServiceDeps } from '../deps.js';
import type { Service } from '../service.js';
import type { SqsCall, SqsEnv } from './context.js';
import { queryCode } from './errors.js';
import { legacyJsonError, legacyJsonResponse } from './legacy-json.js';
import { MessageStore } from './messages.js';
import { MoveTasks } from './move-tasks.js';
import { SQS_OPERATIONS } from './operations/index.js';
import { createSqsPort } from './port.js';
import { decodeQueryInput, encodeQueryOutput } from './query-shapes.js';
import { QueueRegistry } from './registry.js';
import { SqsTables } from './store.js';
import { Waiters } from './waiters.js';

// Large enough that an oversized batch gets BatchRequestTooLong rather than a transport error.
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const XMLNS = 'http://queue.amazonaws.com/doc/2012-11-05/';
// `/<account>/<name>` (AWS's form) or `/queue/<region>/<account>/<name>` (the form that carries the region).
const QUEUE_PATH = /^(?:\/queue\/[a-z0-9-]+)?\/\d{12}\/[\w-]+(\.fifo)?\/?$/;

/** Amazon SQS on the shared endpoint: JSON 1.0 (current SDKs) and query (older clients). */
export function createSqsService(deps: ServiceDeps): Service & SqsPort {
  const tables = new SqsTables(deps.store);
  const registry = new QueueRegistry(tables);
  const waiters = new Waiters(deps.clock);
  const messages = new MessageStore(tables, registry, waiters, deps.clock);
  const moveTasks = new MoveTasks(tables, registry, messages, waiters, deps.clock, deps.logger);
  const env: SqsEnv = {
    tables,
    registry,
    messages,
    waiters,
    moveTasks,
    clock: deps.clock,
    observations: deps.observations,
    receiveAttempts: new Map(),
    deletedAt: new Map(),
    recreateWaitMs: deps.config.sqsRecreateWaitSeconds * 1000,
  };
  const calls = new WeakMap<RequestContext, SqsCall>();

  const jsonOperations: Record<string, JsonOperation> = {};
  const queryOperations: Record<string, QueryOperation> = {};
  const runQuery = async (name: string, params: ReadonlyMap<string, string>, ctx: RequestContext, exchange: HttpExchange) => {
    const call = calls.get(ctx)!;
    // A queue's URL is the endpoint of that queue's actions only.
    if (QUEUE_PATH.test(exchange.url.pathname) && (name === 'CreateQueue' || name === 'ListQueues')) {
      throw new AwsError('InvalidAction', `The action ${name} is not valid for this endpoint.`, 400);
    }
    const input = decodeQueryInput(name, params);
    // Older clients address the queue by the request path instead of a QueueUrl parameter.
    if (input.QueueUrl === undefined && QUEUE_PATH.test(exchange.url.pathname)) input.QueueUrl = `${call.baseUrl}${exchange.url.pathname}`;
    return SQS_OPERATIONS[name]!(env, input, call);
  };
  for (const [name, operation] of Object.entries(SQS_OPERATIONS)) {
    jsonOperations[name] = async (input, ctx) => operation(env, input, calls.get(ctx)!);
    queryOperations[name] = async (params, ctx, exchange) => encodeQueryOutput(name, await runQuery(name, params, ctx, exchange));
  }
  const json = new JsonRpcCodec(jsonOperations, {
    contentType: 'application/x-amz-json-1.0',
    maxBodyBytes: MAX_REQUEST_BYTES,
    errorType: (err) => `com.amazonaws.sqs#${err.code}`,
    errorHeaders: (err) => ({ 'x-amzn-query-error': `${queryCode(err)};${err.fault}` }),
  });
  const query = new QueryCodec(queryOperations, {
    xmlns: XMLNS,
    maxBodyBytes: MAX_REQUEST_BYTES,
    errorCode: queryCode,
    // What SQS answers a request that names no action (a bare GET of a queue URL).
    missingAction: (exchange, ctx) =>
      send(exchange.res, 404, { 'x-amzn-RequestId': ctx.requestId, 'Content-Type': 'text/xml' }, '<UnknownOperationException/>'),
  });

  const handle = async (exchange: HttpExchange, ctx: RequestContext): Promise<void> => {
    const isJson = typeof exchange.req.headers['x-amz-target'] === 'string';
    const abort = new AbortController();
    // Only a client that went away mid-request cancels its long poll; aborting after every
    // finished response would build an abort reason per request for nothing.
    exchange.res.once('close', () => {
      if (!exchange.res.writableFinished) abort.abort();
    });
    const trace = exchange.req.headers['x-amzn-trace-id'];
    calls.set(ctx, {
      ctx,
      query: !isJson,
      baseUrl: `http://${exchange.req.headers.host ?? new URL(deps.endpointUrl()).host}`,
      traceHeader: typeof trace === 'string' && trace ? trace : undefined,
      signal: abort.signal,
    });
    if (isJson) await json.handle(exchange, ctx);
    else if (String(exchange.req.headers.accept ?? '').includes('application/json')) await handleLegacyJson(exchange, ctx);
    else await query.handle(exchange, ctx);
  };

  // A query request that accepts JSON gets SQS's legacy JSON rendering of the same answer.
  const handleLegacyJson = async (exchange: HttpExchange, ctx: RequestContext): Promise<void> => {
    const headers = { 'x-amzn-RequestId': ctx.requestId, 'Content-Type': 'application/json' };
    try {
      const params = await readQueryParams(exchange, MAX_REQUEST_BYTES);
      const action = params.get('Action') ?? '';
      ctx.operation = action;
      if (!action || !Object.hasOwn(SQS_OPERATIONS, action)) {
        throw new AwsError('InvalidAction', action ? `The action ${action} is not valid for this endpoint.` : 'Missing Action', 400);
      }
      const output = await runQuery(action, params, ctx, exchange);
      send(exchange.res, 200, headers, legacyJsonResponse(action, output, ctx.requestId));
    } catch (caught) {
      const err = isAwsError(caught) ? caught : internalError(caught);
      ctx.errorCode = err.code;
      send(exchange.res, err.status, headers, legacyJsonError(err, queryCode(err), ctx.requestId));
    }
  };

  return {
    name: 'sqs',
    signingNames: ['sqs'],
    queryVersions: ['2012-11-05'],
    targetPrefixes: ['AmazonSQS'],
    claims: (req, url) => claimsUnsigned(req, url),
    handle,
    start: () => moveTasks.resume(),
    stop: () => {
      moveTasks.stop();
      waiters.close();
    },
    health: () => ({ status: 'running', queues: registry.all().length, waiting: waiters.count() }),
    ...createSqsPort(env, deps.endpointUrl),
  };
}

/** Unsigned query requests: `?Action=` in the URL, or a form post to `/` or `/<account>/<queue>`. */
function claimsUnsigned(req: IncomingMessage, url: URL): boolean {
  if (url.searchParams.has('Action') && url.searchParams.has('Version')) return true;
  const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return form && req.method === 'POST' && (url.pathname === '/' || QUEUE_PATH.test(url.pathname));
}
