import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { functionArn, parseFunctionRef } from '../arns.js';
import { scopeOf, type LambdaContext } from '../context.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { functionNotFound, invalidParameter } from '../errors.js';
import { SHAPES } from '../shapes.js';
import { parseJsonBody } from '../../../protocols/json-body.js';

/** What this folder can tag itself: functions (mappings belong to the extension that owns them). */
const TAGGABLE =
  /^arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

// The model quotes every kind of taggable resource; past the owners above, only functions are tagged here.
const TAGGED_RESOURCE = structure({ Resource: { ...SHAPES.TaggableResource, matches: TAGGABLE } });
const TAG_RESOURCE = structure({ Tags: { type: 'map', required: true } });
const UNTAG_RESOURCE = structure({ TagKeys: { type: 'list', required: true, member: { type: 'string' } } });
/** AWS's limit of tags on one function. */
const MAX_TAGS = 50;

/** A tagged resource: a function, or one an extension keeps (an event source mapping). */
interface Tagged {
  tags: Record<string, string>;
  setTags(tags: Record<string, string>): void;
}

function tagged(lambda: LambdaContext, request: RestJsonRequest, ctx: RequestContext): Tagged {
  const arn = request.params.Resource ?? '';
  const scope = scopeOf(ctx);
  const owner = lambda.taggables?.().find((t) => t.owns(arn));
  if (owner) return { tags: owner.tags(arn, scope), setTags: (tags) => owner.setTags(arn, scope, tags) };
  assertValid(TAGGED_RESOURCE, { Resource: arn });
  const ref = parseFunctionRef(arn, scope)!;
  if (ref.qualifier !== undefined) throw invalidParameter('Tags on function aliases and versions are not supported. Please specify a function ARN.');
  const found = lambda.functions.find(ref);
  if (!found) throw functionNotFound(functionArn(ref, ref.name));
  return { tags: found.fn.tags, setTags: (tags) => lambda.store.setTags(found.scope, found.name, tags) };
}

export const tagResource = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'TagResource',
  method: 'POST',
  path: '/2017-03-31/tags/{Resource}',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as { Tags?: Record<string, string> };
    assertValid(TAG_RESOURCE, input);
    const resource = tagged(lambda, request, ctx);
    if (Object.keys(input.Tags!).length === 0) throw invalidParameter('An error occurred and the request cannot be processed.');
    const tags = { ...resource.tags, ...input.Tags };
    if (Object.keys(tags).length > MAX_TAGS) throw invalidParameter('Number of tags exceeds resource tag limit.');
    resource.setTags(tags);
    return { status: 204 };
  },
});

export const untagResource = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'UntagResource',
  method: 'DELETE',
  path: '/2017-03-31/tags/{Resource}',
  async run(request, ctx) {
    const keys = request.query.getAll('tagKeys');
    assertValid(UNTAG_RESOURCE, { TagKeys: keys.length > 0 ? keys : undefined });
    const resource = tagged(lambda, request, ctx);
    const tags = { ...resource.tags };
    for (const key of keys) delete tags[key];
    resource.setTags(tags);
    return { status: 204 };
  },
});

export const listTags = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListTags',
  method: 'GET',
  path: '/2017-03-31/tags/{Resource}',
  async run(request, ctx) {
    return { body: { Tags: tagged(lambda, request, ctx).tags } };
  },
});
