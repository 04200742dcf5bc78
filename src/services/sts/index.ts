import { QueryCodec, type QueryOperation } from '../../protocols/query.js';
import { defineService } from '../module.js';
import type { ServiceDeps } from '../deps.js';
import type { Service } from '../service.js';
import { identityOfSessionToken } from './credentials.js';
import { STS_OPERATIONS } from './operations/index.js';
import { checkParams, STS_SHAPES, type StsOperationName } from './validation.js';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const MAX_REQUEST_BYTES = 1024 * 1024;

/** AWS STS over the query protocol (the only one its SDKs speak): caller identity and temporary credentials. */
export function createStsService(deps: ServiceDeps): Service {
  const operations: Record<string, QueryOperation> = {};
  for (const [name, operation] of Object.entries(STS_OPERATIONS)) {
    const shape = STS_SHAPES[name as StsOperationName];
    operations[name] = (params, ctx, exchange) => {
      checkParams(shape, params);
      const token = exchange.req.headers['x-amz-security-token'] ?? exchange.url.searchParams.get('X-Amz-Security-Token') ?? undefined;
      const session = identityOfSessionToken(typeof token === 'string' ? token : undefined);
      return operation(params, { ctx, clock: deps.clock, session });
    };
  }
  const codec = new QueryCodec(operations, { xmlns: XMLNS, maxBodyBytes: MAX_REQUEST_BYTES });
  return {
    name: 'sts',
    signingNames: ['sts'],
    queryVersions: ['2011-06-15'],
    handle: (exchange, ctx) => codec.handle(exchange, ctx),
  };
}

export const stsModule = defineService({ name: 'sts', create: createStsService });
