import { busArn } from '../envelope.js';
import { alreadyExists, busNameOf, type EventsOperation, existingBus, notFound, page, seconds, tagsObject, validation } from '../context.js';
import type { BusRow } from '../store.js';

export const createEventBus: EventsOperation = async (env, input, ctx) => {
  const name = input.Name as string;
  if (input.EventSourceName !== undefined) throw notFound(`Event source ${String(input.EventSourceName)} does not exist.`);
  if (name.includes('/')) throw validation("Event bus name must not contain '/'.");
  if (name === 'default' || !env.store.createBus(ctx, name, input.Description as string | undefined, tagsObject(input.Tags), env.clock.now()))
    throw alreadyExists(`Event bus ${name} already exists.`);
  const out: Record<string, unknown> = { EventBusArn: busArn(ctx, name) };
  if (input.Description !== undefined) out.Description = input.Description;
  return out;
};

export const describeEventBus: EventsOperation = async (env, input, ctx) => {
  const bus = existingBus(env, ctx, busNameOf(input, 'Name'));
  return renderBus(ctx, bus);
};

export const deleteEventBus: EventsOperation = async (env, input, ctx) => {
  const name = input.Name as string;
  if (name === 'default') throw validation('Cannot delete event bus default.');
  env.store.deleteBus(ctx, name);
  env.schedules.changed();
  return {};
};

export const listEventBuses: EventsOperation = async (env, input, ctx) => {
  const { items, nextToken } = page(input, env.store.buses(ctx, (input.NamePrefix as string | undefined) ?? ''));
  return { EventBuses: items.map((b) => renderBus(ctx, b)), ...(nextToken ? { NextToken: nextToken } : {}) };
};

function renderBus(ctx: { accountId: string; region: string }, bus: BusRow): Record<string, unknown> {
  const out: Record<string, unknown> = { Name: bus.name, Arn: busArn(ctx, bus.name) };
  if (bus.description !== null) out.Description = bus.description;
  if (bus.policy !== null) out.Policy = bus.policy;
  out.CreationTime = seconds(bus.created_at);
  out.LastModifiedTime = seconds(bus.modified_at);
  return out;
}
