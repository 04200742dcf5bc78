import { ruleArn } from '../arns.js';
import { parseActions } from '../actions.js';
import { parseConditions } from '../conditions.js';
import type { Elbv2Operation } from '../context.js';
import { operationNotPermitted, priorityInUse, ruleNotFound, validationError } from '../errors.js';
import type { Listener, Rule } from '../model.js';
import { page } from '../paging.js';
import { renderDefaultRule, renderRule } from '../render.js';
import type { Elbv2Store } from '../store.js';
import { asList, asRecord, asString, type Tree } from '../wire.js';
import { ownListener } from './listeners.js';
import { parseTags } from './tags.js';

/** A rule priority (its range already checked by the input shape). */
const priorityOf = (tree: Tree | undefined): number => Number(asString(tree));

/** Rules of a listener in evaluation order: by priority, lowest first. */
export const rulesByPriority = (store: Elbv2Store, listenerArn: string): Rule[] => store.rulesOf(listenerArn).sort((a, b) => a.priority - b.priority);

export const createRule: Elbv2Operation = (input, ctx, { store }) => {
  const listener = ownListener(asString(input.ListenerArn), ctx, store);
  const priority = priorityOf(input.Priority);
  const conditions = parseConditions(input.Conditions);
  const actions = parseActions(input.Actions, store);
  const tags = parseTags(input.Tags);
  if (store.rulesOf(listener.arn).some((r) => r.priority === priority)) throw priorityInUse(priority);
  const rule: Rule = {
    kind: 'rule',
    arn: ruleArn(listener.arn),
    accountId: listener.accountId,
    region: listener.region,
    listenerArn: listener.arn,
    priority,
    conditions,
    actions,
    tags,
  };
  store.put(rule);
  return { Rules: [renderRule(rule)] };
};

/** A rule by ARN: one the caller owns, or its listener's default rule. */
function findRule(arn: string, ctx: Parameters<Elbv2Operation>[1], store: Elbv2Store): Rule | Listener {
  const rule = store.get('rule', arn);
  if (rule && rule.accountId === ctx.accountId && rule.region === ctx.region) return rule;
  const listenerArn = arn.replace(':listener-rule/', ':listener/').replace(/\/[0-9a-f]{16}$/, '');
  const listener = store.get('listener', listenerArn);
  if (listener && listener.defaultRuleArn === arn && listener.accountId === ctx.accountId) return listener;
  throw ruleNotFound(arn);
}

export const describeRules: Elbv2Operation = (input, ctx, { store }) => {
  const listenerArn = asString(input.ListenerArn);
  const arns = asList(input.RuleArns)?.filter((s): s is string => typeof s === 'string');
  if (listenerArn === undefined && !arns?.length) throw validationError('You must specify either listener rule ARNs or a listener ARN');
  let rendered: Record<string, unknown>[];
  if (arns?.length) {
    rendered = arns.map((a) => {
      const found = findRule(a, ctx, store);
      return found.kind === 'rule' ? renderRule(found) : renderDefaultRule(found);
    });
  } else {
    const listener = ownListener(listenerArn, ctx, store);
    rendered = [...rulesByPriority(store, listener.arn).map(renderRule), renderDefaultRule(listener)];
  }
  const { items, nextMarker } = page(rendered, input);
  return { Rules: items, NextMarker: nextMarker };
};

export const modifyRule: Elbv2Operation = (input, ctx, { store }) => {
  const arn = asString(input.RuleArn);
  const found = findRule(arn ?? '', ctx, store);
  if (found.kind === 'listener') {
    if (input.Conditions !== undefined) throw operationNotPermitted('You cannot modify the conditions of a default rule');
    const listener = { ...found, defaultActions: input.Actions === undefined ? found.defaultActions : parseActions(input.Actions, store) };
    store.put(listener);
    return { Rules: [renderDefaultRule(listener)] };
  }
  const next: Rule = {
    ...found,
    conditions: input.Conditions === undefined ? found.conditions : parseConditions(input.Conditions),
    actions: input.Actions === undefined ? found.actions : parseActions(input.Actions, store),
  };
  store.put(next);
  return { Rules: [renderRule(next)] };
};

export const deleteRule: Elbv2Operation = (input, ctx, { store }) => {
  const arn = asString(input.RuleArn);
  const found = findRule(arn ?? '', ctx, store);
  if (found.kind === 'listener') throw operationNotPermitted('Default rule cannot be deleted');
  store.delete(found.arn);
  return {};
};

export const setRulePriorities: Elbv2Operation = (input, ctx, { store }) => {
  const list = asList(input.RulePriorities);
  const changes = (list ?? []).map((item, _i) => {
    const raw = asRecord(item) ?? {};
    const arn = asString(raw.RuleArn) ?? '';
    const found = findRule(arn, ctx, store);
    if (found.kind === 'listener') throw operationNotPermitted('The default rule priority cannot be modified');
    return { rule: found, priority: priorityOf(raw.Priority) };
  });
  const seen = new Set<number>();
  for (const c of changes) {
    if (seen.has(c.priority)) throw validationError(`Priority '${c.priority}' was provided multiple times`);
    seen.add(c.priority);
  }
  for (const c of changes) {
    const moving = new Set(changes.map((x) => x.rule.arn));
    const clash = store.rulesOf(c.rule.listenerArn).find((r) => r.priority === c.priority && !moving.has(r.arn));
    if (clash) throw priorityInUse(c.priority);
  }
  const updated = changes.map((c) => ({ ...c.rule, priority: c.priority }));
  for (const r of updated) store.put(r);
  return { Rules: updated.map(renderRule) };
};
