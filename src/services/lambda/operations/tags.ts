import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { functionArn, parseFunctionRef } from '../arns.js';
import { scopeOf, type LambdaContext } from '../context.js';
import { functionNotFound, invalidParameter, validationError } from '../errors.js';
import type { FoundFunction } from '../functions.js';
import { parseJsonBody } from '../validation.js';

const TAGGABLE = /^arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

function taggedFunction(lambda: LambdaContext, request: RestJsonRequest, ctx: RequestContext): FoundFunction {
  const arn = request.params.Resource ?? '';
  if (!TAGGABLE.test(arn)) {
    throw validationError([
      `Value '${arn}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`,
    ]);
  }
  const ref = parseFunctionRef(arn, scopeOf(ctx))!;
  if (ref.qualifier !== undefined) throw invalidParameter('Tags are not supported for resource with qualifier.');
  const found = lambda.functions.find(ref);
  if (!found) throw functionNotFound(functionArn(ref, ref.name));
  return found;
}

export const tagResource = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'TagResource',
  method: 'POST',
  path: '/2017-03-31/tags/{Resource}',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as { Tags?: Record<string, string> };
    if (!input.Tags) throw validationError([`Value null at 'tags' failed to satisfy constraint: Member must not be null`]);
    const found = taggedFunction(lambda, request, ctx);
    lambda.store.setTags(found.scope, found.name, { ...found.fn.tags, ...input.Tags });
    return { status: 204 };
  },
});

export const untagResource = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'UntagResource',
  method: 'DELETE',
  path: '/2017-03-31/tags/{Resource}',
  async run(request, ctx) {
    const keys = request.query.getAll('tagKeys');
    const found = taggedFunction(lambda, request, ctx);
    const tags = { ...found.fn.tags };
    for (const key of keys) delete tags[key];
    lambda.store.setTags(found.scope, found.name, tags);
    return { status: 204 };
  },
});

export const listTags = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListTags',
  method: 'GET',
  path: '/2017-03-31/tags/{Resource}',
  async run(request, ctx) {
    return { body: { Tags: taggedFunction(lambda, request, ctx).fn.tags } };
  },
});
