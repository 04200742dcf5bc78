import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import { scopeOf, type LambdaContext } from '../context.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { toListedConfiguration } from '../model.js';
import { SHAPES } from '../shapes.js';
import { encodeMarker, pageParams } from '../pagination.js';

export const listFunctions = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListFunctions',
  method: 'GET',
  path: '/2015-03-31/functions',
  async run(request, ctx) {
    assertValid(LIST_FUNCTIONS, { FunctionVersion: request.query.get('FunctionVersion') ?? undefined });
    const scope = scopeOf(ctx);
    const { max, after } = pageParams(request.query);
    const allVersions = request.query.get('FunctionVersion') === 'ALL';
    const names = lambda.store.listFunctions(scope, after, max + 1);
    const pageNames = names.slice(0, max);
    const Functions = pageNames.flatMap((name) => {
      const versions = allVersions
        ? lambda.store.listVersions(scope, name)
        : [{ version: '$LATEST', config: lambda.store.getVersion(scope, name, '$LATEST')! }];
      return versions.filter((v) => v.config).map((v) => toListedConfiguration(scope, name, v.version, v.config, allVersions));
    });
    const body: Record<string, unknown> = { Functions };
    if (names.length > max) body.NextMarker = encodeMarker(pageNames[pageNames.length - 1]!);
    return { body };
  },
});

// MaxItems is judged by pageParams, as a parameter error (AWS words it so).
const LIST_FUNCTIONS = structure({ FunctionVersion: SHAPES.FunctionVersion });
