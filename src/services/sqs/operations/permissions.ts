import type { SqsOperation } from '../context.js';
import { errors } from '../errors.js';

// Tributary does not enforce access policies; the calls are accepted so tooling that grants
// permissions (CloudFormation-style setup scripts) keeps working.
export const addPermission: SqsOperation = (env, input, call) => {
  env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  if (typeof input.Label !== 'string' || input.Label === '') throw errors.missingParameter('Label');
  return undefined;
};

export const removePermission: SqsOperation = (env, input, call) => {
  env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  if (typeof input.Label !== 'string' || input.Label === '') throw errors.missingParameter('Label');
  return undefined;
};
