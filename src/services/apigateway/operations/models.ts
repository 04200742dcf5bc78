import { accepted, created, existingApi, jsonBody, ok, op, optionalString, page } from '../context.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { newChildId } from '../ids.js';
import { schemaProblem } from '../json-schema.js';
import type { ApiDocument, Model } from '../model.js';
import { applyPatch } from '../patch.js';

const MODEL_NAME = /^[a-zA-Z0-9]+$/;

/** The two models API Gateway gives every new REST API. */
export function defaultModels(): Record<string, Model> {
  const empty: Model = {
    id: newChildId(),
    name: 'Empty',
    description: 'This is a default empty schema model',
    schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
    contentType: 'application/json',
  };
  const error: Model = {
    id: newChildId(),
    name: 'Error',
    description: 'This is a default error schema model',
    schema:
      '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
    contentType: 'application/json',
  };
  return { Empty: empty, Error: error };
}

export const invalidModel = () => notFound('Invalid model name specified');

function existingModel(doc: ApiDocument, name: string | undefined): Model {
  const model = name ? doc.models[name] : undefined;
  if (!model) throw invalidModel();
  return model;
}

function checkSchema(schema: string | undefined): void {
  if (schema === undefined) return;
  const problem = schemaProblem(schema);
  if (problem) throw badRequest(`Invalid model specified: Validation Result: warnings : [], errors : [${problem}]`);
}

/** Methods whose request models name this model (as `Method.requestModels` values). */
function usedBy(doc: ApiDocument, name: string): string | undefined {
  for (const resource of Object.values(doc.resources)) {
    for (const method of Object.values(resource.resourceMethods ?? {})) {
      if (Object.values(method.requestModels ?? {}).includes(name)) return `${resource.path}/${method.httpMethod}`;
    }
  }
  return undefined;
}

export const modelOperations = [
  op('CreateModel', 'POST', '/restapis/{restApiId}/models', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const input = jsonBody(request);
    const name = optionalString(input, 'name');
    if (!name || !MODEL_NAME.test(name)) throw badRequest('Invalid model name specified');
    const contentType = optionalString(input, 'contentType');
    if (!contentType) throw badRequest('Invalid content type specified');
    if (doc.models[name]) throw conflict('Model name already exists for this REST API');
    const schema = optionalString(input, 'schema');
    checkSchema(schema);
    let id = newChildId();
    while (Object.values(doc.models).some((m) => m.id === id)) id = newChildId();
    const model: Model = { id, name, contentType };
    const description = optionalString(input, 'description');
    if (description !== undefined) model.description = description;
    if (schema !== undefined) model.schema = schema;
    doc.models[name] = model;
    env.store.saveApi(doc);
    return created(model);
  }),
  op('GetModels', 'GET', '/restapis/{restApiId}/models', (env, request, ctx) =>
    ok(page(Object.values(existingApi(env, ctx, request.params.restApiId).models), request.query)),
  ),
  op('GetModel', 'GET', '/restapis/{restApiId}/models/{modelName}', (env, request, ctx) =>
    ok(existingModel(existingApi(env, ctx, request.params.restApiId), request.params.modelName)),
  ),
  op('UpdateModel', 'PATCH', '/restapis/{restApiId}/models/{modelName}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const model = existingModel(doc, request.params.modelName);
    const patched = structuredClone(model);
    applyPatch(patched as unknown as Record<string, unknown>, jsonBody(request).patchOperations as never, {
      members: { schema: 'string', description: 'string' },
    });
    checkSchema(patched.schema);
    doc.models[model.name] = patched;
    env.store.saveApi(doc);
    return ok(patched);
  }),
  op('DeleteModel', 'DELETE', '/restapis/{restApiId}/models/{modelName}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const model = existingModel(doc, request.params.modelName);
    const method = usedBy(doc, model.name);
    if (method) throw conflict(`Cannot delete model '${model.name}', is referenced in method request: ${method}`);
    delete doc.models[model.name];
    env.store.saveApi(doc);
    return accepted();
  }),
];
