import { AwsError } from '../../../protocols/aws-error.js';
import { constraint, describeViolation } from '../../../protocols/constraints.js';
import { busArn } from '../envelope.js';
import { busNameOf, type EventsOperation, existingBus, notFound, validation } from '../context.js';

interface Statement {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string;
  Resource: string;
  Condition?: unknown;
}

/** PutPermission: a whole policy, or one statement letting an account (or anyone, with a condition) put events. */
export const putPermission: EventsOperation = async (env, input, ctx) => {
  const name = busNameOf(input);
  const bus = existingBus(env, ctx, name);
  if (typeof input.Policy === 'string') {
    try {
      JSON.parse(input.Policy);
    } catch {
      throw validation('This policy contains invalid Json');
    }
    env.store.setPolicy(ctx, name, input.Policy, env.clock.now());
    return {};
  }
  const {
    Action: action,
    Principal: principal,
    StatementId: sid,
    Condition: condition,
  } = input as Record<string, string | undefined> & { Condition?: Record<string, string> };
  if (principal === undefined) throw validation('Parameter Principal must be specified.');
  if (condition && principal !== '*')
    throw new AwsError('InvalidParameterValue', "Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.", 400);
  if (!condition && !/^(\d{12}|\*)$/.test(principal))
    throw new AwsError(
      'InvalidParameterValue',
      describeViolation({ at: 'principal', value: principal, constraint: constraint.pattern('(\\d{12}|\\*)') }, { unquoted: true }),
      400,
    );
  if (action !== 'events:PutEvents') throw validation("Provided value in parameter 'action' is not supported.");
  if (sid === undefined || !/^[a-zA-Z0-9-_]{1,64}$/.test(sid)) throw new AwsError('InvalidParameterValue', 'StatementId must match ^[a-zA-Z0-9-_]{1,64}$', 400);
  const policy = bus.policy ? (JSON.parse(bus.policy) as { Version: string; Statement: Statement[] }) : { Version: '2012-10-17', Statement: [] };
  const statement: Statement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal === '*' ? '*' : { AWS: `arn:aws:iam::${principal}:root` },
    Action: 'events:PutEvents',
    Resource: busArn(ctx, name),
  };
  if (condition) statement.Condition = { [condition.Type!]: { [condition.Key!]: condition.Value } };
  policy.Statement = [...policy.Statement.filter((s) => s.Sid !== sid), statement];
  env.store.setPolicy(ctx, name, JSON.stringify(policy), env.clock.now());
  return {};
};

export const removePermission: EventsOperation = async (env, input, ctx) => {
  const name = busNameOf(input);
  const bus = existingBus(env, ctx, name);
  if (input.RemoveAllPermissions === true) {
    env.store.setPolicy(ctx, name, null, env.clock.now());
    return {};
  }
  if (!bus.policy) throw notFound('EventBus does not have a policy.');
  const policy = JSON.parse(bus.policy) as { Statement?: Statement[] };
  const remaining = (policy.Statement ?? []).filter((s) => s.Sid !== input.StatementId);
  if (remaining.length === (policy.Statement ?? []).length) throw notFound('Statement with the provided id does not exist.');
  env.store.setPolicy(ctx, name, remaining.length === 0 ? null : JSON.stringify({ ...policy, Statement: remaining }), env.clock.now());
  return {};
};
