import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import { scopeOf, type LambdaContext } from '../context.js';
import { toFunctionConfiguration } from '../model.js';
import { encodeMarker, pageParams } from '../pagination.js';

export const listFunctions = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListFunctions',
  method: 'GET',
  path: '/2015-03-31/functions',
  async run(request, ctx) {
    const scope = scopeOf(ctx);
    const { max, after } = pageParams(request.query);
    const allVersions = request.query.get('FunctionVersion') === 'ALL';
    const names = lambda.store.listFunctions(scope, after, max + 1);
    const pageNames = names.slice(0, max);
    const Functions = pageNames.flatMap((name) => {
      const versions = allVersions
        ? lambda.store.listVersions(scope, name)
        : [{ version: '$LATEST', config: lambda.store.getVersion(scope, name, '$LATEST')! }];
      return versions.filter((v) => v.config).map((v) => listed(toFunctionConfiguration(scope, name, v.version, v.config)));
    });
    const body: Record<string, unknown> = { Functions };
    if (names.length > max) body.NextMarker = encodeMarker(pageNames[pageNames.length - 1]!);
    return { body };
  },
});

/** ListFunctions returns a subset of FunctionConfiguration: AWS leaves the state fields to GetFunction. */
const NOT_LISTED = [
  'State',
  'StateReason',
  'StateReasonCode',
  'LastUpdateStatus',
  'LastUpdateStatusReason',
  'LastUpdateStatusReasonCode',
  'RuntimeVersionConfig',
];

function listed(configuration: Record<string, unknown>): Record<string, unknown> {
  for (const key of NOT_LISTED) delete configuration[key];
  return configuration;
}
