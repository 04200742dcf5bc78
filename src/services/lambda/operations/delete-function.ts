import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import { functionArn } from '../arns.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { conflict, functionNotFound, invalidParameter } from '../errors.js';

export const deleteFunction = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'DeleteFunction',
  method: 'DELETE',
  path: '/2015-03-31/functions/{FunctionName}',
  async run(request, ctx) {
    const ref = functionRefOf(request, ctx);
    const found = lambda.functions.find({ ...ref, qualifier: ref.qualifier && /^\d+$/.test(ref.qualifier) ? ref.qualifier : undefined });
    // A version that is not there is "Function not found" for the unqualified function (AWS).
    if (!found) throw functionNotFound(functionArn(ref, ref.name));
    if (ref.qualifier === '$LATEST') throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
    if (ref.qualifier !== undefined && !/^\d+$/.test(ref.qualifier)) {
      throw invalidParameter('Deletion of aliases is not currently supported.');
    }
    if (ref.qualifier !== undefined) {
      const inUse = lambda.store.listAliases(found.scope, found.name).find((a) => a.functionVersion === ref.qualifier);
      if (inUse) {
        throw conflict(`Unable to delete version because the following aliases reference it: [${inUse.alias}]`);
      }
      lambda.store.deleteVersion(found.scope, found.name, ref.qualifier);
      lambda.functionDeleted(functionArn(found.scope, found.name), ref.qualifier);
      return { status: 204 };
    }
    lambda.store.deleteFunction(found.scope, found.name);
    await lambda.deps.engine.retire(functionArn(found.scope, found.name));
    lambda.functionDeleted(functionArn(found.scope, found.name));
    return { status: 204 };
  },
});
