/**
 * The five kinds of an API's parts (routes, integrations, stages, deployments, authorizers) share
 * one shape of operations: Create (201), Get, Get{Plural} (paged), Update (PATCH), Delete (204).
 */
import { parseJsonBody } from '../../../protocols/json-body.js';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { callersApi, type ApiGatewayV2Env } from '../context.js';
import { notFound } from '../errors.js';
import type { ApiRow, Doc, PartKind } from '../store.js';
import { page } from './paging.js';

export interface PartSpec {
  kind: PartKind;
  /** `Route`, as operation names and messages say it. */
  singular: string;
  plural: string;
  /** The path parameter and document field of the id (`routeId`, `stageName`). */
  idField: string;
  notFoundMessage(ctx: RequestContext, api: ApiRow, id: string): string;
  /** A new part's document (its id included); throws AWS's error for bad input. */
  create(env: ApiGatewayV2Env, api: ApiRow, input: Doc, ctx: RequestContext): Doc;
  /** The document after a PATCH. */
  update(env: ApiGatewayV2Env, api: ApiRow, current: Doc, input: Doc, ctx: RequestContext): Doc;
  /** Runs after a part is written (a stage's auto-deploy, ...). */
  afterWrite?(env: ApiGatewayV2Env, api: ApiRow, doc: Doc): void;
  beforeDelete?(env: ApiGatewayV2Env, api: ApiRow, doc: Doc, ctx: RequestContext): void;
  afterDelete?(env: ApiGatewayV2Env, api: ApiRow): void;
}

/** Reads a part or throws the spec's NotFoundException. */
export function existingPart(env: ApiGatewayV2Env, spec: PartSpec, api: ApiRow, id: string, ctx: RequestContext): Doc {
  const doc = env.store.part(api.apiId, spec.kind, id);
  if (!doc) throw notFound(spec.notFoundMessage(ctx, api, id), spec.singular);
  return doc;
}

export function partOperations(env: ApiGatewayV2Env, spec: PartSpec): RestJsonOperation[] {
  const base = `/v2/apis/{apiId}/${spec.kind}`;
  const one = `${base}/{${spec.idField}}`;
  const write = (api: ApiRow, doc: Doc) => {
    env.store.putPart(api.apiId, spec.kind, String(doc[spec.idField]), doc, env.clock.now());
    spec.afterWrite?.(env, api, doc);
  };
  return [
    {
      name: `Create${spec.singular}`,
      method: 'POST',
      path: base,
      async run(request, ctx) {
        const api = callersApi(env, ctx, request.params.apiId!);
        const doc = env.store.transaction(() => {
          const created = spec.create(env, api, parseJsonBody(request.body), ctx);
          write(api, created);
          return created;
        });
        return { status: 201, body: doc };
      },
    },
    {
      name: `Get${spec.singular}`,
      method: 'GET',
      path: one,
      async run(request, ctx) {
        const api = callersApi(env, ctx, request.params.apiId!);
        return { body: existingPart(env, spec, api, request.params[spec.idField]!, ctx) };
      },
    },
    {
      name: `Get${spec.plural}`,
      method: 'GET',
      path: base,
      async run(request, ctx) {
        const api = callersApi(env, ctx, request.params.apiId!);
        return { body: page(env.store.parts(api.apiId, spec.kind), request) };
      },
    },
    {
      name: `Update${spec.singular}`,
      method: 'PATCH',
      path: one,
      async run(request, ctx) {
        const api = callersApi(env, ctx, request.params.apiId!);
        const doc = env.store.transaction(() => {
          const current = existingPart(env, spec, api, request.params[spec.idField]!, ctx);
          const updated = spec.update(env, api, current, parseJsonBody(request.body), ctx);
          write(api, updated);
          return updated;
        });
        return { body: doc };
      },
    },
    {
      name: `Delete${spec.singular}`,
      method: 'DELETE',
      path: one,
      async run(request, ctx) {
        const api = callersApi(env, ctx, request.params.apiId!);
        env.store.transaction(() => {
          const current = existingPart(env, spec, api, request.params[spec.idField]!, ctx);
          spec.beforeDelete?.(env, api, current, ctx);
          env.store.deletePart(api.apiId, spec.kind, request.params[spec.idField]!);
          spec.afterDelete?.(env, api);
        });
        return { status: 204 };
      },
    },
  ];
}

/** Copies the given fields of `input` that are present (not undefined) onto a copy of `doc`. */
export function merge(doc: Doc, input: Doc, fields: readonly string[]): Doc {
  const out = { ...doc };
  for (const field of fields) if (input[field] !== undefined) out[field] = input[field];
  return out;
}

export function str(input: Doc, field: string): string | undefined {
  const v = input[field];
  return typeof v === 'string' ? v : undefined;
}
