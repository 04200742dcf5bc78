import { parseBusArn, parseRuleArn } from '../envelope.js';
import { type EventsEnv, type EventsOperation, notFound, tagsList, tagsObject } from '../context.js';

/** The tags of a bus or rule by ARN, and how to write them back. */
function tagged(env: EventsEnv, arn: string): { tags: string; write(tags: Record<string, string>): void } {
  const rule = parseRuleArn(arn);
  if (rule) {
    const row = env.store.rule(rule, rule.bus, rule.name);
    if (!row) throw notFound(`Rule ${rule.name} does not exist on EventBus ${rule.bus}.`);
    return { tags: row.tags, write: (tags) => env.store.setRuleTags(row, tags) };
  }
  const bus = parseBusArn(arn);
  if (bus) {
    env.store.ensureDefaultBus(bus, env.clock.now());
    const row = env.store.bus(bus, bus.name);
    if (!row) throw notFound(`Event bus ${bus.name} does not exist.`);
    return { tags: row.tags, write: (tags) => env.store.setBusTags(bus, bus.name, tags) };
  }
  throw notFound(`Resource ${arn} not found.`);
}

export const tagResource: EventsOperation = async (env, input) => {
  const t = tagged(env, input.ResourceARN as string);
  t.write({ ...(JSON.parse(t.tags) as Record<string, string>), ...tagsObject(input.Tags) });
  return {};
};

export const untagResource: EventsOperation = async (env, input) => {
  const t = tagged(env, input.ResourceARN as string);
  const tags = JSON.parse(t.tags) as Record<string, string>;
  for (const key of input.TagKeys as string[]) delete tags[key];
  t.write(tags);
  return {};
};

export const listTagsForResource: EventsOperation = async (env, input) => ({ Tags: tagsList(tagged(env, input.ResourceARN as string).tags) });
