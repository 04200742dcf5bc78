import { accepted, created, existingApi, jsonBody, ok, op, optionalString, page } from '../context.js';
import { notFound } from '../errors.js';
import { newChildId } from '../ids.js';
import type { ApiDocument, RequestValidator } from '../model.js';
import { applyPatch } from '../patch.js';

export const invalidRequestValidator = () => notFound('Invalid Request Validator identifier specified');

function existingValidator(doc: ApiDocument, id: string | undefined): RequestValidator {
  const validator = id ? doc.requestValidators[id] : undefined;
  if (!validator) throw invalidRequestValidator();
  return validator;
}

export const requestValidatorOperations = [
  op('CreateRequestValidator', 'POST', '/restapis/{restApiId}/requestvalidators', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const input = jsonBody(request);
    let id = newChildId();
    while (doc.requestValidators[id]) id = newChildId();
    const validator: RequestValidator = {
      id,
      name: optionalString(input, 'name') ?? '',
      validateRequestBody: input.validateRequestBody === true,
      validateRequestParameters: input.validateRequestParameters === true,
    };
    doc.requestValidators[id] = validator;
    env.store.saveApi(doc);
    return created(validator);
  }),
  op('GetRequestValidators', 'GET', '/restapis/{restApiId}/requestvalidators', (env, request, ctx) =>
    ok(page(Object.values(existingApi(env, ctx, request.params.restApiId).requestValidators), request.query)),
  ),
  op('GetRequestValidator', 'GET', '/restapis/{restApiId}/requestvalidators/{requestValidatorId}', (env, request, ctx) =>
    ok(existingValidator(existingApi(env, ctx, request.params.restApiId), request.params.requestValidatorId)),
  ),
  op('UpdateRequestValidator', 'PATCH', '/restapis/{restApiId}/requestvalidators/{requestValidatorId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const validator = existingValidator(doc, request.params.requestValidatorId);
    const patched = structuredClone(validator);
    applyPatch(patched as unknown as Record<string, unknown>, jsonBody(request).patchOperations as never, {
      members: { name: 'string', validateRequestBody: 'boolean', validateRequestParameters: 'boolean' },
    });
    doc.requestValidators[validator.id] = patched;
    env.store.saveApi(doc);
    return ok(patched);
  }),
  op('DeleteRequestValidator', 'DELETE', '/restapis/{restApiId}/requestvalidators/{requestValidatorId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const validator = existingValidator(doc, request.params.requestValidatorId);
    delete doc.requestValidators[validator.id];
    for (const resource of Object.values(doc.resources)) {
      for (const method of Object.values(resource.resourceMethods ?? {})) if (method.requestValidatorId === validator.id) delete method.requestValidatorId;
    }
    env.store.saveApi(doc);
    return accepted();
  }),
];
