import { assertValid } from '../../protocols/constraints.js';
import { defineService } from '../module.js';
import type { ServiceDeps } from '../deps.js';
import type { Service } from '../service.js';
import { DynamoDbCodec, type JsonHandler } from './codec.js';
import type { DynamoEnv } from './context.js';
import { DYNAMODB_OPERATIONS } from './operations/index.js';
import { SHAPES } from './shapes.js';
import { DynamoStore } from './store.js';
import { TtlSweeper } from './ttl-sweeper.js';

// BatchWriteItem may carry 25 items of 400 KB each; leave room for the JSON around them.
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** Amazon DynamoDB over JSON 1.0 (`DynamoDB_20120810.*`), tables and items in the embedded store. */
export function createDynamoDbService(deps: ServiceDeps): Service {
  const store = new DynamoStore(deps.store);
  const env: DynamoEnv = { store, clock: deps.clock, streams: () => deps.ports.dynamodbStreams };
  const handlers: Record<string, JsonHandler> = {};
  for (const [name, operation] of Object.entries(DYNAMODB_OPERATIONS)) {
    const shape = SHAPES[name];
    handlers[name] = async (input, ctx) => {
      if (shape) assertValid(shape, input);
      return operation(env, input, ctx);
    };
  }
  const codec = new DynamoDbCodec(handlers, MAX_REQUEST_BYTES, (err) =>
    deps.logger.error(`dynamodb: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  );
  const sweeper = new TtlSweeper(env, deps.logger);
  return {
    name: 'dynamodb',
    signingNames: ['dynamodb'],
    targetPrefixes: ['DynamoDB_20120810'],
    handle: (exchange, ctx) => codec.handle(exchange, ctx),
    start: () => sweeper.start(),
    stop: () => sweeper.stop(),
  };
}

export const dynamodbModule = defineService({ name: 'dynamodb', create: createDynamoDbService });
