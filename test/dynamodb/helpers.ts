import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DynamoDbItemChange, DynamoDbStreamsPort, DynamoDbStreamTable } from '../../src/contracts.js';
import type { Tributary } from '../../src/app.js';
import { clientConfig } from '../support/tributary.js';

export function dynamo(url: string): DynamoDBClient {
  return new DynamoDBClient({ ...clientConfig(url), maxAttempts: 1 });
}

/** A table keyed `pk` (S) and, with `range`, `sk` (the given type); on-demand. */
export async function createTable(
  client: DynamoDBClient,
  name: string,
  overrides: Partial<CreateTableCommandInput> & { range?: 'S' | 'N' | 'B' } = {},
): Promise<void> {
  const { range, ...rest } = overrides;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, ...(range ? [{ AttributeName: 'sk', AttributeType: range }] : [])],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(range ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
      BillingMode: 'PAY_PER_REQUEST',
      ...rest,
    }),
  );
}

/** The AWS error an SDK call rejected with. */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number; error: any }> {
  try {
    await promise;
  } catch (error: any) {
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode, error };
  }
  throw new Error('expected the call to fail');
}

/** A stand-in for the DynamoDB Streams port that records what DynamoDB tells it. */
export class FakeStreams implements DynamoDbStreamsPort {
  readonly appended: { streamArn: string; changes: DynamoDbItemChange[] }[] = [];
  readonly disabled: string[] = [];
  private n = 0;

  enableStream(table: DynamoDbStreamTable): { streamArn: string; streamLabel: string } {
    const label = `2026-01-01T00:00:00.${String(this.n++).padStart(3, '0')}`;
    return { streamArn: `${table.tableArn}/stream/${label}`, streamLabel: label };
  }

  disableStream(streamArn: string): void {
    this.disabled.push(streamArn);
  }

  append(streamArn: string, changes: readonly DynamoDbItemChange[]): void {
    this.appended.push({ streamArn, changes: structuredClone([...changes]) });
  }

  /** Every change appended so far, flattened. */
  changes(): DynamoDbItemChange[] {
    return this.appended.flatMap((a) => a.changes);
  }
}

/** Plugs a fake Streams port into a running Tributary (DynamoDB reads the port at call time). */
export function useFakeStreams(tributary: Tributary): FakeStreams {
  const fake = new FakeStreams();
  (tributary as unknown as { deps: { ports: Record<string, unknown> } }).deps.ports.dynamodbStreams = fake;
  return fake;
}
