/** The table side of DynamoDB Streams: StreamSpecification turning a stream on and off through the port. */
import type { DynamoDbStreamViewType } from '../../../contracts.js';
import type { DynamoEnv } from '../context.js';
import type { TableDef } from '../table-model.js';

export function enableStream(env: DynamoEnv, def: TableDef, viewType: string): void {
  const port = env.streams();
  const stream = port?.enableStream(
    { accountId: def.accountId, region: def.region, tableName: def.name, tableArn: def.arn, keySchema: def.keySchema },
    viewType as DynamoDbStreamViewType,
  );
  def.stream = stream ? { enabled: true, viewType, arn: stream.streamArn, label: stream.streamLabel } : { enabled: true, viewType };
}

export function disableStream(env: DynamoEnv, def: TableDef): void {
  if (def.stream?.enabled && def.stream.arn) env.streams()?.disableStream(def.stream.arn);
  if (def.stream) def.stream = { ...def.stream, enabled: false };
}
