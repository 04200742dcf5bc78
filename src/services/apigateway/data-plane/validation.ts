import { ModelValidators } from '../json-schema.js';
import type { Method } from '../model.js';
import type { ApiCall } from './call.js';
import type { Failure } from './outcome.js';

const PARAMETER = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/;
/** Deployments are immutable, so their compiled models are kept (a bounded number of them). */
const MAX_CACHED_DEPLOYMENTS = 64;
const cache = new Map<string, ModelValidators>();

/**
 * The basic request validation (`cacheModels: false` for a request against the API as it is now,
 * not a deployment, whose models may change) of a method's request validator: required parameters present and
 * not blank, and the body valid against the model for its content type (`$default` otherwise; with
 * no model for the content type, the body is not validated).
 */
export function validateRequest(call: ApiCall, options: { cacheModels: boolean } = { cacheModels: true }): Failure | undefined {
  const { method, snapshot } = call;
  const validator = method.requestValidatorId ? snapshot.requestValidators?.[method.requestValidatorId] : undefined;
  if (!validator) return undefined;
  if (validator.validateRequestParameters) {
    const missing = missingParameters(call, method);
    if (missing.length > 0) {
      return {
        responseType: 'BAD_REQUEST_PARAMETERS',
        status: 400,
        message: `Missing required request parameters: [${missing.join(', ')}]`,
        errorType: 'BadRequestException',
      };
    }
  }
  if (validator.validateRequestBody && !bodyIsValid(call, method, options.cacheModels)) {
    return { responseType: 'BAD_REQUEST_BODY', status: 400, message: 'Invalid request body', errorType: 'BadRequestException' };
  }
  return undefined;
}

function missingParameters(call: ApiCall, method: Method): string[] {
  const missing: string[] = [];
  for (const [name, required] of Object.entries(method.requestParameters ?? {})) {
    if (!required) continue;
    const m = PARAMETER.exec(name);
    if (!m) continue;
    const [, where, key] = m as unknown as [string, string, string];
    let value: string | undefined;
    if (where === 'path') value = call.pathParameters[key];
    else if (where === 'querystring' || where === 'multivaluequerystring') value = call.request.query[key];
    else value = call.request.header(key);
    if (value === undefined || value.trim() === '') missing.push(key);
  }
  return missing;
}

function bodyIsValid(call: ApiCall, method: Method, cacheModels: boolean): boolean {
  const models = method.requestModels ?? {};
  const contentType = (call.request.header('content-type') ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const name = models[contentType] ?? models.$default;
  // The default Empty model constrains nothing.
  if (!name || name === 'Empty') return true;
  const validators = cacheModels ? validatorsOf(call) : new ModelValidators(call.doc.api.id, call.snapshot.models ?? {});
  const validate = validators.validator(call.doc.api.id, name);
  if (!validate) return true;
  let body: unknown;
  try {
    body = JSON.parse(call.request.body.toString('utf8'));
  } catch {
    return false;
  }
  return validate(body) === true;
}

function validatorsOf(call: ApiCall): ModelValidators {
  const key = `${call.doc.api.id}/${call.deployment.id}`;
  let validators = cache.get(key);
  if (!validators) {
    if (cache.size >= MAX_CACHED_DEPLOYMENTS) cache.delete(cache.keys().next().value!);
    validators = new ModelValidators(call.doc.api.id, call.snapshot.models ?? {});
    cache.set(key, validators);
  }
  return validators;
}
