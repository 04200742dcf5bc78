import type { RequestContext } from '../../../server/request-context.js';
import { type ApiGatewayEnv, jsonBody, noContent, ok, op, stringMap } from '../context.js';
import { badRequest, notFound } from '../errors.js';

/** `arn:aws:apigateway:{region}::/restapis/{id}[/stages/{name}]`, `/apikeys/{id}`, `/usageplans/{id}`: the object that carries the tags. */
function taggable(env: ApiGatewayEnv, ctx: RequestContext, arn: string): { tags(): Record<string, string>; set(tags: Record<string, string>): void } {
  const m = /^arn:aws:apigateway:([a-z0-9-]+)::(\/.+)$/.exec(arn);
  if (!m) throw badRequest(`Invalid ARN specified: ${arn}`);
  const scope = { accountId: ctx.accountId, region: m[1]! };
  const parts = m[2]!.split('/').slice(1);
  const missing = () => notFound(`Invalid resource identifier specified: ${arn}`);
  if (parts[0] === 'restapis' && parts[1]) {
    const doc = env.store.api(scope, parts[1]);
    if (!doc) throw missing();
    if (parts.length === 2)
      return {
        tags: () => doc.api.tags ?? {},
        set: (tags) => {
          doc.api.tags = tags;
          env.store.saveApi(doc);
        },
      };
    const stage = parts[2] === 'stages' && parts[3] ? doc.stages[parts[3]] : undefined;
    if (!stage || parts.length !== 4) throw missing();
    return {
      tags: () => stage.tags ?? {},
      set: (tags) => {
        stage.tags = tags;
        env.store.saveApi(doc);
      },
    };
  }
  if (parts[0] === 'apikeys' && parts[1] && parts.length === 2) {
    const key = env.store.key(scope, parts[1]);
    if (!key) throw missing();
    return {
      tags: () => key.tags ?? {},
      set: (tags) => {
        key.tags = tags;
        env.store.saveKey(scope, key);
      },
    };
  }
  if (parts[0] === 'usageplans' && parts[1] && parts.length === 2) {
    const plan = env.store.plan(scope, parts[1]);
    if (!plan) throw missing();
    return {
      tags: () => plan.tags ?? {},
      set: (tags) => {
        plan.tags = tags;
        env.store.savePlan(scope, plan);
      },
    };
  }
  throw missing();
}

export const tagOperations = [
  op('TagResource', 'PUT', '/tags/{resourceArn}', (env, request, ctx) => {
    const target = taggable(env, ctx, request.params.resourceArn ?? '');
    target.set({ ...target.tags(), ...stringMap<string>(jsonBody(request), 'tags') });
    return noContent();
  }),
  op('UntagResource', 'DELETE', '/tags/{resourceArn}', (env, request, ctx) => {
    const target = taggable(env, ctx, request.params.resourceArn ?? '');
    const tags = { ...target.tags() };
    for (const key of request.query.getAll('tagKeys').flatMap((k) => k.split(','))) delete tags[key];
    target.set(tags);
    return noContent();
  }),
  op('GetTags', 'GET', '/tags/{resourceArn}', (env, request, ctx) => ok({ tags: taggable(env, ctx, request.params.resourceArn ?? '').tags() })),
];
