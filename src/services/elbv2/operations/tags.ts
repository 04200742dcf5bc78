import type { Elbv2Operation } from '../context.js';
import { duplicateTagKeys, loadBalancerNotFound, listenerNotFound, ruleNotFound, targetGroupNotFound, tooManyTags } from '../errors.js';
import type { Resource, Tag } from '../model.js';
import { asList, asRecord, asString, type Tree } from '../wire.js';

const MAX_TAGS = 50;

export function parseTags(tree: Tree | undefined): Tag[] {
  const tags: Tag[] = [];
  for (const item of asList(tree) ?? []) {
    const raw = asRecord(item) ?? {};
    const key = asString(raw.Key) ?? '';
    if (tags.some((t) => t.Key === key)) throw duplicateTagKeys(key);
    const value = asString(raw.Value);
    tags.push(value === undefined ? { Key: key } : { Key: key, Value: value });
  }
  if (tags.length > MAX_TAGS) throw tooManyTags();
  return tags;
}

function notFoundFor(arn: string): Error {
  if (arn.includes(':targetgroup/')) return targetGroupNotFound(arn);
  if (arn.includes(':listener-rule/')) return ruleNotFound(arn);
  if (arn.includes(':listener/')) return listenerNotFound(arn);
  return loadBalancerNotFound(arn);
}

function resourcesOf(input: Record<string, Tree>, ctx: Parameters<Elbv2Operation>[1], elb: Parameters<Elbv2Operation>[2]): Resource[] {
  const arns = (asList(input.ResourceArns) ?? []).filter((a): a is string => typeof a === 'string');
  return arns.map((arn) => {
    const r = elb.store.any(arn);
    if (!r || r.accountId !== ctx.accountId || r.region !== ctx.region) throw notFoundFor(arn);
    return r;
  });
}

export const addTags: Elbv2Operation = (input, ctx, elb) => {
  const resources = resourcesOf(input, ctx, elb);
  const tags = parseTags(input.Tags);
  for (const r of resources) {
    const merged = [...r.tags.filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
    if (merged.length > MAX_TAGS) throw tooManyTags();
    elb.store.put({ ...r, tags: merged });
  }
  return {};
};

export const removeTags: Elbv2Operation = (input, ctx, elb) => {
  const resources = resourcesOf(input, ctx, elb);
  const keys = (asList(input.TagKeys) ?? []).filter((k): k is string => typeof k === 'string');
  for (const r of resources) elb.store.put({ ...r, tags: r.tags.filter((t) => !keys.includes(t.Key)) });
  return {};
};

export const describeTags: Elbv2Operation = (input, ctx, elb) => ({
  TagDescriptions: resourcesOf(input, ctx, elb).map((r) => ({ ResourceArn: r.arn, Tags: r.tags })),
});
