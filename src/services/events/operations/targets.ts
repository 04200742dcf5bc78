import { parseArn } from '../../../targets/index.js';
import { isJsonPath } from '../json-path.js';
import type { TargetSpec } from '../input.js';
import { busNameOf, type EventsOperation, existingRule, page, validation } from '../context.js';

export const putTargets: EventsOperation = async (env, input, ctx) => {
  const bus = busNameOf(input);
  const targets = input.Targets as TargetSpec[];
  for (const target of targets) checkTarget(target);
  const rule = existingRule(env, ctx, bus, input.Rule as string);
  const existing = env.store.targets(rule).length;
  env.store.transaction(() => {
    targets.forEach((t, i) => {
      env.store.putTarget(rule, t.Id, t.Arn, JSON.stringify(t), existing + i);
    });
  });
  return { FailedEntryCount: 0, FailedEntries: [] };
};

function checkTarget(target: TargetSpec): void {
  const arn = parseArn(target.Arn);
  if (!arn) throw validation(`Parameter ${target.Arn} is not valid. Reason: Provided Arn is not in correct format.`);
  if (arn.service === 'sqs' && target.Arn.endsWith('.fifo') && !target.SqsParameters?.MessageGroupId)
    throw validation(`Parameter(s) SqsParameters must be specified for target: ${target.Id}.`);
  const given = [target.Input, target.InputPath, target.InputTransformer].filter((v) => v !== undefined).length;
  if (given > 1) throw validation(`Only one of Input, InputPath, or InputTransformer must be provided for target ${target.Id}.`);
  if (target.Input !== undefined) {
    try {
      JSON.parse(target.Input);
    } catch {
      throw validation(`Parameter Input is not valid. Reason: Input must be valid JSON for target ${target.Id}.`);
    }
  }
  if (target.InputPath !== undefined && !isJsonPath(target.InputPath)) throw validation(`Target ${target.Id} InputPath is not a valid JSON path.`);
  for (const [name, path] of Object.entries(target.InputTransformer?.InputPathsMap ?? {})) {
    if (name.startsWith('aws.')) throw validation(`Input path map key ${name} is reserved.`);
    if (!isJsonPath(path)) throw validation(`Target ${target.Id} InputPathsMap contains invalid JSON path ${path}.`);
  }
  const dlq = target.DeadLetterConfig?.Arn;
  if (dlq !== undefined && parseArn(dlq)?.service !== 'sqs') throw validation(`Parameter(s) DeadLetterConfig.Arn is not valid for target ${target.Id}.`);
}

export const removeTargets: EventsOperation = async (env, input, ctx) => {
  const bus = busNameOf(input);
  const rule = existingRule(env, ctx, bus, input.Rule as string);
  env.store.transaction(() => {
    for (const id of input.Ids as string[]) env.store.removeTarget(rule, id);
  });
  return { FailedEntryCount: 0, FailedEntries: [] };
};

export const listTargetsByRule: EventsOperation = async (env, input, ctx) => {
  const bus = busNameOf(input);
  const rule = existingRule(env, ctx, bus, input.Rule as string);
  const { items, nextToken } = page(input, env.store.targets(rule));
  return { Targets: items.map((t) => JSON.parse(t.spec) as unknown), ...(nextToken ? { NextToken: nextToken } : {}) };
};
