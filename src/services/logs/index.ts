import type { LogsPort } from '../../contracts.js';
import { JsonRpcCodec, type JsonOperation } from '../../protocols/json-rpc.js';
import { defineService } from '../module.js';
import type { ServiceDeps } from '../deps.js';
import type { Service } from '../service.js';
import { bind, type LogsEnv } from './context.js';
import { FunctionLogWriter } from './function-logs.js';
import { LOGS_OPERATIONS } from './operations/index.js';
import { LOGS_SHAPES, type LogsOperationName } from './shapes.js';
import { LogsStore } from './store.js';

// PutLogEvents takes up to 1,048,576 bytes of events; leave room for the JSON around them.
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

export type LogsService = Service & LogsPort;

/** Amazon CloudWatch Logs (JSON 1.1): function output lands in `/aws/lambda/<function>` as Lambda's does. */
export function createLogsService(deps: ServiceDeps): LogsService {
  const store = new LogsStore(deps.store);
  const writer = new FunctionLogWriter(store, deps.clock, deps.logger);
  const env: LogsEnv = { store, writer, clock: deps.clock };
  const operations: Record<string, JsonOperation> = {};
  for (const [name, operation] of Object.entries(LOGS_OPERATIONS)) operations[name] = bind(env, LOGS_SHAPES[name as LogsOperationName], operation);
  const codec = new JsonRpcCodec(operations, { contentType: 'application/x-amz-json-1.1', maxBodyBytes: MAX_REQUEST_BYTES });
  return {
    name: 'logs',
    signingNames: ['logs'],
    targetPrefixes: ['Logs_20140328'],
    handle: (exchange, ctx) => codec.handle(exchange, ctx),
    stop: () => writer.close(),
    appendFunctionLog: (batch) => writer.append(batch),
    flushFunctionLogs: () => writer.flush(),
  };
}

export const logsModule = defineService({ name: 'logs', create: createLogsService, offer: (service): LogsPort => service });
