import type { LambdaPort } from '../../contracts.js';
import { RestJsonCodec } from '../../protocols/rest-json.js';
import type { ServiceDeps } from '../deps.js';
import type { Service } from '../service.js';

// Skeleton: the Lambda API work replaces this with the operation table.
export function createLambdaService(_deps: ServiceDeps): Service & LambdaPort {
  const codec = new RestJsonCodec([]);
  return {
    name: 'lambda',
    signingNames: ['lambda'],
    claims: (_req, url) => /^\/20\d\d-\d\d-\d\d\//.test(url.pathname),
    handle: (exchange, ctx) => codec.handle(exchange, ctx),
    invokeAsync: async () => {
      throw new Error('not built yet');
    },
    invokeSync: async () => ({ kind: 'not-found', message: 'not built yet' }),
    functionExists: () => false,
  };
}
