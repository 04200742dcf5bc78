import { parseJsonBody } from '../../../protocols/json-body.js';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import type { ApiGatewayV2Env } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import type { Doc } from '../store.js';

const ARN = /^arn:aws[\w-]*:apigateway:([a-z0-9-]+)::\/apis\/([a-z0-9]+)(?:\/stages\/([^/]+))?$/;

/** The API or stage an ARN (`arn:aws:apigateway:{region}::/apis/{id}[/stages/{name}]`) names, with its tags. */
function taggable(env: ApiGatewayV2Env, ctx: RequestContext, arn: string): { tags(): Record<string, string>; set(tags: Record<string, string>): void } {
  const m = ARN.exec(arn);
  if (!m) throw badRequest(`Invalid resource ARN: ${arn}`);
  const [, region, apiId, stageName] = m as unknown as [string, string, string, string | undefined];
  const api = env.store.api(apiId);
  const missing = () => notFound(`Invalid resource identifier specified ${arn}`);
  if (!api || api.accountId !== ctx.accountId || api.region !== region) throw missing();
  if (stageName === undefined) {
    return {
      tags: () => (api.doc.tags as Record<string, string> | undefined) ?? {},
      set: (tags) => env.store.updateApi(api.apiId, { ...api.doc, tags }),
    };
  }
  const stage = env.store.part(api.apiId, 'stages', decodeURIComponent(stageName));
  if (!stage) throw missing();
  return {
    tags: () => (stage.tags as Record<string, string> | undefined) ?? {},
    set: (tags) => env.store.putPart(api.apiId, 'stages', stage.stageName as string, { ...stage, tags } as Doc, env.clock.now()),
  };
}

function tagsOf(input: Doc): Record<string, string> {
  const tags = input.tags;
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) throw badRequest('Tags are required.');
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]));
}

/** TagResource, GetTags and UntagResource for HTTP and WebSocket APIs and their stages. */
export function tagOperations(env: ApiGatewayV2Env): RestJsonOperation[] {
  return [
    {
      name: 'TagResource',
      method: 'POST',
      path: '/v2/tags/{resource-arn}',
      async run(request, ctx) {
        const target = taggable(env, ctx, request.params['resource-arn'] ?? '');
        target.set({ ...target.tags(), ...tagsOf(parseJsonBody(request.body)) });
        return { status: 201, body: {} };
      },
    },
    {
      name: 'GetTags',
      method: 'GET',
      path: '/v2/tags/{resource-arn}',
      run: async (request, ctx) => ({ body: { tags: taggable(env, ctx, request.params['resource-arn'] ?? '').tags() } }),
    },
    {
      name: 'UntagResource',
      method: 'DELETE',
      path: '/v2/tags/{resource-arn}',
      async run(request, ctx) {
        const target = taggable(env, ctx, request.params['resource-arn'] ?? '');
        const keys = request.query.getAll('tagKeys');
        if (keys.length === 0) throw badRequest('TagKeys are required.');
        const tags = { ...target.tags() };
        for (const key of keys) delete tags[key];
        target.set(tags);
        return { status: 204 };
      },
    },
  ];
}
