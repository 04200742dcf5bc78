import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import { scopeOf, type LambdaContext } from '../context.js';
import { ACCOUNT_CONCURRENCY } from './concurrency.js';

export const getAccountSettings = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetAccountSettings',
  method: 'GET',
  path: '/2016-08-19/account-settings',
  async run(_request, ctx) {
    const scope = scopeOf(ctx);
    const usage = lambda.store.usage(scope);
    return {
      body: {
        AccountLimit: {
          TotalCodeSize: 80_530_636_800,
          CodeSizeUnzipped: 262_144_000,
          CodeSizeZipped: 52_428_800,
          ConcurrentExecutions: ACCOUNT_CONCURRENCY,
          UnreservedConcurrentExecutions: ACCOUNT_CONCURRENCY - lambda.store.reservedTotal(scope),
        },
        AccountUsage: { TotalCodeSize: usage.totalCodeSize, FunctionCount: usage.functionCount },
      },
    };
  },
});
