import { accepted, created, jsonBody, ok, op, optionalString, page, seconds, stringMap } from '../context.js';
import { badRequest, conflict, invalidApiKey, invalidUsagePlan, notFound } from '../errors.js';
import { newApiId, newChildId, newKeyValue } from '../ids.js';
import type { ApiKey, UsagePlan } from '../model.js';
import { applyPatch } from '../patch.js';

/** An API key as GetApiKey(s) answer: the value only when asked for. */
const renderKey = (key: ApiKey, withValue: boolean): Partial<ApiKey> => {
  const { value, ...rest } = key;
  return withValue ? { ...rest, value } : rest;
};

const renderPlanKey = (key: ApiKey) => ({ id: key.id, type: 'API_KEY', value: key.value, name: key.name });

function renderPlan({ keys: _keys, ...plan }: UsagePlan): Omit<UsagePlan, 'keys'> {
  return plan;
}

export const apiKeyOperations = [
  op('CreateApiKey', 'POST', '/apikeys', (env, request, ctx) => {
    const input = jsonBody(request);
    const value = optionalString(input, 'value') ?? newKeyValue();
    if (value.length < 20 || value.length > 128) throw badRequest('API Key value should be at least 20 characters');
    if (env.store.keyByValue(ctx, value)) throw conflict('API Key already exists');
    const now = seconds(env);
    const key: ApiKey = { id: newApiId(), value, enabled: input.enabled === true, createdDate: now, lastUpdatedDate: now, stageKeys: [] };
    for (const name of ['name', 'description', 'customerId'] as const) {
      const v = optionalString(input, name);
      if (v !== undefined) key[name] = v;
    }
    const tags = stringMap<string>(input, 'tags');
    if (tags) key.tags = tags;
    env.store.saveKey(ctx, key);
    return created(renderKey(key, true));
  }),
  op('GetApiKeys', 'GET', '/apikeys', (env, request, ctx) => {
    const nameQuery = request.query.get('name');
    const customerId = request.query.get('customerId');
    const withValues = request.query.get('includeValues') === 'true';
    const keys = env.store
      .keysOf(ctx)
      .filter((k) => (!nameQuery || (k.name ?? '').startsWith(nameQuery)) && (!customerId || k.customerId === customerId))
      .map((k) => renderKey(k, withValues));
    return ok(page(keys, request.query));
  }),
  op('GetApiKey', 'GET', '/apikeys/{apiKey}', (env, request, ctx) => {
    const key = env.store.key(ctx, request.params.apiKey ?? '');
    if (!key) throw invalidApiKey();
    return ok(renderKey(key, request.query.get('includeValue') === 'true'));
  }),
  op('UpdateApiKey', 'PATCH', '/apikeys/{apiKey}', (env, request, ctx) => {
    const key = env.store.key(ctx, request.params.apiKey ?? '');
    if (!key) throw invalidApiKey();
    applyPatch(key as unknown as Record<string, unknown>, jsonBody(request).patchOperations as never, {
      members: { name: 'string', description: 'string', enabled: 'boolean', customerId: 'string' },
      lists: ['stageKeys'],
    });
    key.lastUpdatedDate = seconds(env);
    env.store.saveKey(ctx, key);
    return ok(renderKey(key, false));
  }),
  op('DeleteApiKey', 'DELETE', '/apikeys/{apiKey}', (env, request, ctx) => {
    const key = env.store.key(ctx, request.params.apiKey ?? '');
    if (!key) throw invalidApiKey();
    env.store.deleteKey(key.id);
    for (const plan of env.store.plansOf(ctx)) {
      if (!plan.keys.includes(key.id)) continue;
      plan.keys = plan.keys.filter((k) => k !== key.id);
      env.store.savePlan(ctx, plan);
    }
    return accepted();
  }),
  op('CreateUsagePlan', 'POST', '/usageplans', (env, request, ctx) => {
    const input = jsonBody(request);
    const name = optionalString(input, 'name');
    if (!name) throw badRequest('Invalid Usage Plan name specified');
    const apiStages = (Array.isArray(input.apiStages) ? input.apiStages : []) as UsagePlan['apiStages'];
    for (const s of apiStages) {
      const doc = env.store.api(ctx, s.apiId);
      if (!doc) throw notFound(`Invalid API identifier specified ${ctx.accountId}:${s.apiId}`);
      if (!doc.stages[s.stage]) throw notFound(`Invalid stage identifier specified`);
    }
    const plan: UsagePlan = { id: newChildId(), name, apiStages, keys: [] };
    const description = optionalString(input, 'description');
    if (description) plan.description = description;
    if (input.throttle) plan.throttle = input.throttle as UsagePlan['throttle'];
    if (input.quota) plan.quota = input.quota as UsagePlan['quota'];
    const tags = stringMap<string>(input, 'tags');
    if (tags) plan.tags = tags;
    env.store.savePlan(ctx, plan);
    return created(renderPlan(plan));
  }),
  op('GetUsagePlans', 'GET', '/usageplans', (env, request, ctx) => {
    const keyId = request.query.get('keyId');
    return ok(
      page(
        env.store
          .plansOf(ctx)
          .filter((p) => !keyId || p.keys.includes(keyId))
          .map(renderPlan),
        request.query,
      ),
    );
  }),
  op('GetUsagePlan', 'GET', '/usageplans/{usagePlanId}', (env, request, ctx) => {
    const plan = env.store.plan(ctx, request.params.usagePlanId ?? '');
    if (!plan) throw invalidUsagePlan(request.params.usagePlanId ?? '');
    return ok(renderPlan(plan));
  }),
  op('UpdateUsagePlan', 'PATCH', '/usageplans/{usagePlanId}', (env, request, ctx) => {
    const plan = env.store.plan(ctx, request.params.usagePlanId ?? '');
    if (!plan) throw invalidUsagePlan(request.params.usagePlanId ?? '');
    const operations = (jsonBody(request).patchOperations ?? []) as { op: string; path: string; value?: string }[];
    const rest = [];
    for (const operation of operations) {
      if (operation.path === '/apiStages' && operation.value) {
        const [apiId = '', stage = ''] = operation.value.split(':');
        if (operation.op === 'add') {
          if (!env.store.api(ctx, apiId)?.stages[stage]) throw notFound('Invalid stage identifier specified');
          plan.apiStages.push({ apiId, stage });
        } else if (operation.op === 'remove') plan.apiStages = plan.apiStages.filter((s) => s.apiId !== apiId || s.stage !== stage);
      } else rest.push(operation);
    }
    const shaped = plan as unknown as Record<string, unknown>;
    for (const operation of rest) {
      const m = /^\/(throttle|quota)\/(\w+)$/.exec(operation.path);
      if (!m) continue;
      const group = (shaped[m[1]!] ??= {}) as Record<string, unknown>;
      if (operation.op === 'remove') delete group[m[2]!];
      else group[m[2]!] = m[2] === 'period' ? operation.value : Number(operation.value);
    }
    applyPatch(shaped, rest.filter((o) => !/^\/(throttle|quota)\//.test(o.path)) as never, {
      members: { name: 'string', description: 'string', productCode: 'string' },
    });
    env.store.savePlan(ctx, plan);
    return ok(renderPlan(plan));
  }),
  op('DeleteUsagePlan', 'DELETE', '/usageplans/{usagePlanId}', (env, request, ctx) => {
    const plan = env.store.plan(ctx, request.params.usagePlanId ?? '');
    if (!plan) throw invalidUsagePlan(request.params.usagePlanId ?? '');
    env.store.deletePlan(plan.id);
    return accepted();
  }),
  op('CreateUsagePlanKey', 'POST', '/usageplans/{usagePlanId}/keys', (env, request, ctx) => {
    const plan = env.store.plan(ctx, request.params.usagePlanId ?? '');
    if (!plan) throw invalidUsagePlan(request.params.usagePlanId ?? '');
    const input = jsonBody(request);
    if (optionalString(input, 'keyType') !== 'API_KEY') throw badRequest('Invalid usage plan key type specified');
    const key = env.store.key(ctx, optionalString(input, 'keyId') ?? '');
    if (!key) throw invalidApiKey();
    if (plan.keys.includes(key.id)) throw conflict(`Usage plan key ${key.id} already exists`);
    plan.keys.push(key.id);
    env.store.savePlan(ctx, plan);
    return created(renderPlanKey(key));
  }),
  op('GetUsagePlanKeys', 'GET', '/usageplans/{usagePlanId}/keys', (env, request, ctx) => {
    const plan = env.store.plan(ctx, request.params.usagePlanId ?? '');
    if (!plan) throw invalidUsagePlan(request.params.usagePlanId ?? '');
    const keys = plan.keys.map((id) => env.store.key(ctx, id)).filter((k): k is ApiKey => k !== undefined);
    return ok(page(keys.map(renderPlanKey), request.query));
  }),
  op('GetUsagePlanKey', 'GET', '/usageplans/{usagePlanId}/keys/{keyId}', (env, request, ctx) => {
    const plan = env.store.plan(ctx, request.params.usagePlanId ?? '');
    if (!plan) throw invalidUsagePlan(request.params.usagePlanId ?? '');
    const key = plan.keys.includes(request.params.keyId ?? '') ? env.store.key(ctx, request.params.keyId!) : undefined;
    if (!key) throw notFound('Invalid Usage Plan Key identifier specified');
    return ok(renderPlanKey(key));
  }),
  op('DeleteUsagePlanKey', 'DELETE', '/usageplans/{usagePlanId}/keys/{keyId}', (env, request, ctx) => {
    const plan = env.store.plan(ctx, request.params.usagePlanId ?? '');
    if (!plan) throw invalidUsagePlan(request.params.usagePlanId ?? '');
    if (!plan.keys.includes(request.params.keyId ?? '')) throw notFound('Invalid Usage Plan Key identifier specified');
    plan.keys = plan.keys.filter((k) => k !== request.params.keyId);
    env.store.savePlan(ctx, plan);
    return accepted();
  }),
];
