import fs from 'node:fs';
import path from 'node:path';
import { CreateEventSourceMappingCommand, type CreateEventSourceMappingCommandInput, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createFunction, waitForState } from '../esm/helpers.js';
import { eventually } from '../support/tributary.js';

export { enableStream, insert, modify, remove, streamsPort } from '../dynamodb-streams/helpers.js';

/**
 * Appends one JSON line per invocation (the event and when it started) to RECORD_FILE, then acts
 * by MODE: `throw` always fails; `throw-on-bad` fails batches holding an item with a `bad`
 * attribute; `rbif` reports those items as failures (`bad: once` only the first time it sees them);
 * `malformed` answers a partial response naming no record of the batch; `tumbling` returns a state counting the window's records; otherwise it returns nothing.
 */
export const STREAM_HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify({ event, start: Date.now() }) + '\\n');
  const mode = process.env.MODE || '';
  const bad = event.Records.filter((r) => r.dynamodb && r.dynamodb.NewImage && r.dynamodb.NewImage.bad);
  if (mode === 'throw') throw new Error('always failing');
  if (mode === 'throw-on-bad' && bad.length > 0) throw new Error('bad record');
  if (mode === 'rbif') {
    const failed = bad.filter((r) => {
      if (r.dynamodb.NewImage.bad.S !== 'once') return true;
      const marker = process.env.RECORD_FILE + '.' + r.dynamodb.SequenceNumber;
      if (fs.existsSync(marker)) return false;
      fs.writeFileSync(marker, '');
      return true;
    });
    return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
  }
  if (mode === 'malformed') return { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] };
  if (mode === 'tumbling') return { state: { count: String(Number((event.state || {}).count || 0) + event.Records.length) } };
};
`;

export interface StreamInvocation {
  event: { Records: any[]; [k: string]: any };
  start: number;
}

export function invocations(file: string): StreamInvocation[] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
}

export async function createStreamFunction(lambda: LambdaClient, name: string, dir: string, mode = ''): Promise<{ arn: string; file: string }> {
  const file = path.join(dir, `${name}.jsonl`);
  const arn = await createFunction(lambda, name, { 'index.js': STREAM_HANDLER }, { RECORD_FILE: file, MODE: mode });
  return { arn, file };
}

export async function createStreamMapping(
  lambda: LambdaClient,
  input: Omit<CreateEventSourceMappingCommandInput, 'StartingPosition'> & { StartingPosition?: string },
) {
  const created = await lambda.send(
    new CreateEventSourceMappingCommand({ StartingPosition: 'TRIM_HORIZON', ...input } as CreateEventSourceMappingCommandInput),
  );
  await waitForState(lambda, created.UUID!, 'Enabled');
  return created;
}

/** Item keys in the order the function received them. */
export function keysReceived(file: string): string[] {
  return invocations(file).flatMap((i) => i.event.Records.map((r) => r.dynamodb.Keys.userId.S as string));
}

/** A table with a stream, through DynamoDB's API; resolves with its stream ARN once ACTIVE. */
export async function createStreamTable(ddb: DynamoDBClient, name: string, viewType = 'NEW_AND_OLD_IMAGES', key = 'userId'): Promise<string> {
  await ddb.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType as 'NEW_AND_OLD_IMAGES' },
    }),
  );
  return eventually(async () => {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
    return Table?.TableStatus === 'ACTIVE' ? Table.LatestStreamArn : undefined;
  });
}
