import { assertValid } from '../../../protocols/constraints.js';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { conflict, jsonBody, notFound, page, type SchedulerEnv, seconds, validation } from '../context.js';
import { SCHEDULER_SHAPES } from '../shapes.js';
import { groupArn } from '../spec.js';
import type { GroupRow } from '../store.js';

const tagsObject = (tags: unknown) => Object.fromEntries(((tags as { Key: string; Value: string }[] | undefined) ?? []).map((t) => [t.Key, t.Value]));

function render(ctx: RequestContext, g: GroupRow): Record<string, unknown> {
  return { Arn: groupArn(ctx, g.name), CreationDate: seconds(g.created_at), LastModificationDate: seconds(g.modified_at), Name: g.name, State: 'ACTIVE' };
}

export function groupOperations(env: SchedulerEnv): RestJsonOperation[] {
  const existing = (ctx: RequestContext, name: string) => {
    const g = env.store.group(ctx, name);
    if (!g) throw notFound(`Schedule group ${name} does not exist.`);
    return g;
  };
  return [
    {
      name: 'CreateScheduleGroup',
      method: 'POST',
      path: '/schedule-groups/{Name}',
      async run(req, ctx) {
        const input: Record<string, unknown> = { ...jsonBody(req.body), Name: req.params.Name };
        assertValid(SCHEDULER_SHAPES.CreateScheduleGroup, input);
        if (!env.store.createGroup(ctx, input.Name as string, tagsObject(input.Tags), env.clock.now()))
          throw conflict(`Schedule group ${input.Name} already exists.`);
        return { body: { ScheduleGroupArn: groupArn(ctx, input.Name as string) } };
      },
    },
    {
      name: 'GetScheduleGroup',
      method: 'GET',
      path: '/schedule-groups/{Name}',
      async run(req, ctx) {
        return { body: render(ctx, existing(ctx, req.params.Name!)) };
      },
    },
    {
      name: 'DeleteScheduleGroup',
      method: 'DELETE',
      path: '/schedule-groups/{Name}',
      async run(req, ctx) {
        const name = req.params.Name!;
        if (name === 'default') throw validation('Cannot delete the default schedule group.');
        existing(ctx, name);
        env.store.deleteGroup(ctx, name);
        env.runner.changed();
        return { body: {} };
      },
    },
    {
      name: 'ListScheduleGroups',
      method: 'GET',
      path: '/schedule-groups',
      async run(req, ctx) {
        const prefix = req.query.get('NamePrefix') ?? '';
        const { items, NextToken } = page(
          req.query,
          env.store.groups(ctx).filter((g) => g.name.startsWith(prefix)),
        );
        return { body: { ScheduleGroups: items.map((g) => render(ctx, g)), ...(NextToken ? { NextToken } : {}) } };
      },
    },
    {
      name: 'ListTagsForResource',
      method: 'GET',
      path: '/tags/{ResourceArn+}',
      async run(req, ctx) {
        const g = existing(ctx, groupNameOf(req.params.ResourceArn!));
        return { body: { Tags: Object.entries(JSON.parse(g.tags) as Record<string, string>).map(([Key, Value]) => ({ Key, Value })) } };
      },
    },
    {
      name: 'TagResource',
      method: 'POST',
      path: '/tags/{ResourceArn+}',
      async run(req, ctx) {
        const input = jsonBody(req.body);
        assertValid(SCHEDULER_SHAPES.TagResource, input);
        const g = existing(ctx, groupNameOf(req.params.ResourceArn!));
        env.store.setGroupTags(ctx, g.name, { ...(JSON.parse(g.tags) as Record<string, string>), ...tagsObject(input.Tags) });
        return { body: {} };
      },
    },
    {
      name: 'UntagResource',
      method: 'DELETE',
      path: '/tags/{ResourceArn+}',
      async run(req, ctx) {
        const g = existing(ctx, groupNameOf(req.params.ResourceArn!));
        const tags = JSON.parse(g.tags) as Record<string, string>;
        for (const key of req.query.getAll('TagKeys')) delete tags[key];
        env.store.setGroupTags(ctx, g.name, tags);
        return { body: {} };
      },
    },
  ];
}

/** Only schedule groups take tags. */
function groupNameOf(arn: string): string {
  const m = /^arn:aws[\w-]*:scheduler:[^:]*:\d{12}:schedule-group\/(.+)$/.exec(arn);
  if (!m) throw validation(`Invalid ResourceArn ${arn}.`);
  return m[1]!;
}
