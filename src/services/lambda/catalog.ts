import { AwsError } from '../../protocols/aws-error.js';
import type { CatalogEntry, FunctionCatalog } from '../../gateway/function-catalog.js';
import { functionArn, parseFunctionRef } from './arns.js';
import type { FoundFunction, LambdaFunctions } from './functions.js';
import { toResolvedFunction } from './resolved.js';

/** The Lambda store as the function gateway sees it. */
export function lambdaCatalog(functions: LambdaFunctions): FunctionCatalog {
  return {
    find(ref, scope) {
      const parsed = parseFunctionRef(ref, scope);
      const found = parsed && functions.find(parsed, true);
      return found ? catalogEntry(functions, found) : undefined;
    },
  };
}

export function catalogEntry(functions: LambdaFunctions, found: FoundFunction): CatalogEntry {
  return {
    fn: toResolvedFunction(found),
    invokedArn: functionArn(found.scope, found.name, found.qualifier),
    notInvocable() {
      try {
        functions.assertInvocable(found);
        return undefined;
      } catch (err) {
        if (err instanceof AwsError) return err;
        throw err;
      }
    },
    spec: () => functions.spec(found),
  };
}
