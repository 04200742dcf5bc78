import type { EventsOperation } from '../context.js';
import type { EventsOperationName } from '../shapes.js';
import { createArchive, deleteArchive, describeArchive, listArchives, updateArchive } from './archives.js';
import { createEventBus, deleteEventBus, describeEventBus, listEventBuses } from './buses.js';
import { putPermission, removePermission } from './permissions.js';
import { putEvents } from './put-events.js';
import { cancelReplay, describeReplay, listReplays, startReplay } from './replays.js';
import { deleteRule, describeRule, disableRule, enableRule, listRuleNamesByTarget, listRules, putRule } from './rules.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import { listTargetsByRule, putTargets, removeTargets } from './targets.js';
import { testEventPattern } from './test-event-pattern.js';

export const EVENTS_OPERATIONS: Readonly<Record<EventsOperationName, EventsOperation>> = {
  CreateEventBus: createEventBus,
  DescribeEventBus: describeEventBus,
  DeleteEventBus: deleteEventBus,
  ListEventBuses: listEventBuses,
  PutPermission: putPermission,
  RemovePermission: removePermission,
  PutEvents: putEvents,
  PutRule: putRule,
  DescribeRule: describeRule,
  DeleteRule: deleteRule,
  EnableRule: enableRule,
  DisableRule: disableRule,
  ListRules: listRules,
  ListRuleNamesByTarget: listRuleNamesByTarget,
  PutTargets: putTargets,
  RemoveTargets: removeTargets,
  ListTargetsByRule: listTargetsByRule,
  TestEventPattern: testEventPattern,
  CreateArchive: createArchive,
  DescribeArchive: describeArchive,
  UpdateArchive: updateArchive,
  DeleteArchive: deleteArchive,
  ListArchives: listArchives,
  StartReplay: startReplay,
  DescribeReplay: describeReplay,
  CancelReplay: cancelReplay,
  ListReplays: listReplays,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
