import type { SqsEnv, SqsOperation } from '../context.js';
import { errors } from '../errors.js';
import type { Queue } from '../queues.js';

// Tributary does not enforce access policies, but AddPermission/RemovePermission edit the queue's
// Policy attribute as AWS does, so tooling that reads it back sees the statements.
interface Statement {
  Sid: string;
  Effect: string;
  Principal: { AWS: string | string[] };
  Action: string | string[];
  Resource: string;
}
interface Policy {
  Version: string;
  Id: string;
  Statement: Statement[];
}

function policyOf(queue: Queue): Policy {
  try {
    if (queue.attributes.Policy) return JSON.parse(queue.attributes.Policy) as Policy;
  } catch {
    // replaced below
  }
  // AddPermission writes the 2008-10-17 policy language version, as AWS does.
  return { Version: '2008-10-17', Id: `${queue.arn}/SQSDefaultPolicy`, Statement: [] };
}

function savePolicy(env: SqsEnv, queue: Queue, policy: Policy): void {
  const attributes = { ...queue.attributes };
  if (policy.Statement.length === 0) delete attributes.Policy;
  else attributes.Policy = JSON.stringify(policy);
  env.tables.updateQueue.run(JSON.stringify(attributes), env.clock.now(), queue.id);
  env.registry.refresh(queue.id);
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw errors.missingParameter(name);
  return value.map(String);
}

const one = (values: string[]) => (values.length === 1 ? values[0]! : values);

export const addPermission: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const label = input.Label;
  if (typeof label !== 'string' || label === '') throw errors.missingParameter('Label');
  const accounts = stringList(input.AWSAccountIds, 'AWSAccountId');
  const actions = stringList(input.Actions, 'ActionName');
  const policy = policyOf(queue);
  if (policy.Statement.some((s) => s.Sid === label)) throw errors.invalidValue('Label', label, 'Already exists.');
  policy.Statement.push({
    Sid: label,
    Effect: 'Allow',
    Principal: { AWS: one(accounts.map((a) => `arn:aws:iam::${a}:root`)) },
    Action: one(actions.map((a) => `SQS:${a}`)),
    Resource: queue.arn,
  });
  savePolicy(env, queue, policy);
  return undefined;
};

export const removePermission: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const label = input.Label;
  if (typeof label !== 'string' || label === '') throw errors.missingParameter('Label');
  const policy = policyOf(queue);
  const remaining = policy.Statement.filter((s) => s.Sid !== label);
  if (remaining.length === policy.Statement.length) throw errors.invalidValue('Label', label, "can't find label on existing policy.");
  savePolicy(env, queue, { ...policy, Statement: remaining });
  return undefined;
};
