/**
 * Event source mappings as a Lambda extension: the mapping API operations join the Lambda table,
 * and the runners follow the Lambda service's start and stop.
 *
 * Layout: `mappings.ts` (API rules, lifecycle settling, one runner per enabled mapping),
 * `lifecycle.ts` (the state machine), `store.ts`, `settings/` (every mapping setting as one table
 * line: constraints, defaults per kind, storage, rendering, restarts), `filter-criteria.ts`,
 * `batch-item-failures.ts` (partial batch responses), `core/` (the runner loop, batch gathering and
 * the sender that invokes through the function gateway) and per source a `SourceKind` with its
 * poller and acknowledger (`sqs/`). A new source (Kinesis, DynamoDB Streams, Kafka) adds its
 * `SourceKind` to the list below, plugs a poller and an acknowledger into `core/`, and names itself
 * in the table lines of the settings it accepts; see README.md.
 */
import type { ServiceDeps } from '../services/deps.js';
import type { LambdaExtension, LambdaInternals } from '../services/lambda/internal-api.js';
import { createEventSourceMapping } from './operations/create-event-source-mapping.js';
import { deleteEventSourceMapping } from './operations/delete-event-source-mapping.js';
import { getEventSourceMapping } from './operations/get-event-source-mapping.js';
import { listEventSourceMappings } from './operations/list-event-source-mappings.js';
import { updateEventSourceMapping } from './operations/update-event-source-mapping.js';
import { EventSourceMappings } from './mappings.js';
import { uuidOfMappingArn } from './model.js';
import { dynamodbSource } from './dynamodb/source.js';
import { sqsSource } from './sqs/source.js';

export function createEventSourceMappings(deps: ServiceDeps, internals: LambdaInternals): LambdaExtension {
  const mappings = new EventSourceMappings(deps, internals, [sqsSource, dynamodbSource]);
  return {
    name: 'event-source-mappings',
    operations: [
      createEventSourceMapping(mappings),
      listEventSourceMappings(mappings),
      getEventSourceMapping(mappings),
      updateEventSourceMapping(mappings),
      deleteEventSourceMapping(mappings),
    ],
    start: () => mappings.start(),
    stop: () => mappings.stop(),
    health: () => mappings.health(),
    taggable: {
      owns: (arn) => uuidOfMappingArn(arn) !== undefined,
      tags: (arn, scope) => mappings.tags(arn, scope),
      setTags: (arn, scope, tags) => mappings.setTags(arn, scope, tags),
    },
  };
}
