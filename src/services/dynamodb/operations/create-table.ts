import { randomUUID } from 'node:crypto';
import { AwsError } from '../../../protocols/aws-error.js';
import type { DynamoOperation } from '../context.js';
import { scopeOf, validation } from '../context.js';
import { describeTable, type IndexDef, type KeyElement, type Projection, type TableDef, type Throughput } from '../table-model.js';
import { enableStream } from './streams.js';

/** How long a new table (or index) reads CREATING: long enough to be seen, short enough for waiters' first poll. */
export const ACTIVATION_MS = 0;

type AttributeDefinition = TableDef['attributeDefinitions'][number];

function invalid(message: string): AwsError {
  return validation(`One or more parameter values were invalid: ${message}`);
}

export function checkKeySchema(schema: KeyElement[], definitions: readonly AttributeDefinition[], indexName?: string): void {
  if (schema[0]!.KeyType !== 'HASH')
    throw validation(`${indexName ? 'Invalid KeySchema' : 'Invalid KeySchema'}: The first KeySchemaElement is not a HASH key type`);
  if (schema[1] && schema[1].KeyType !== 'RANGE') throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  if (schema[1] && schema[1].AttributeName === schema[0]!.AttributeName) {
    throw invalid('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  const missing = schema.filter((k) => !definitions.some((d) => d.AttributeName === k.AttributeName));
  if (missing.length > 0) {
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${missing.map((k) => k.AttributeName).join(', ')}], AttributeDefinitions: [${definitions.map((d) => d.AttributeName).join(', ')}]`,
    );
  }
}

export function checkProjection(projection: Projection, indexName: string): Projection {
  if (projection.ProjectionType === 'INCLUDE' && !projection.NonKeyAttributes?.length) {
    throw invalid(`ProjectionType is INCLUDE, but NonKeyAttributes is not specified`);
  }
  if (projection.ProjectionType !== 'INCLUDE' && projection.NonKeyAttributes) {
    throw invalid(`ProjectionType is ${projection.ProjectionType}, but NonKeyAttributes is specified`);
  }
  if (!projection.ProjectionType) throw invalid(`Unknown ProjectionType: null for index ${indexName}`);
  return projection;
}

export function throughputOf(input: unknown, billingMode: string, what = 'table'): Throughput {
  const t = input as { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined;
  if (billingMode === 'PAY_PER_REQUEST') {
    if (t) throw invalid('Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
    return { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 };
  }
  if (!t) {
    throw invalid(
      what === 'table'
        ? 'ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED'
        : `ProvisionedThroughput should not be null for index: ${what}`,
    );
  }
  return { ReadCapacityUnits: t.ReadCapacityUnits!, WriteCapacityUnits: t.WriteCapacityUnits!, NumberOfDecreasesToday: 0 };
}

export function buildGsi(
  raw: Record<string, unknown>,
  definitions: readonly AttributeDefinition[],
  billingMode: string,
  now: number,
  activeAt?: number,
): IndexDef {
  const name = String(raw.IndexName);
  const schema = raw.KeySchema as KeyElement[];
  checkKeySchema(schema, definitions, name);
  return {
    IndexName: name,
    KeySchema: schema,
    Projection: checkProjection(raw.Projection as Projection, name),
    ProvisionedThroughput: throughputOf(raw.ProvisionedThroughput, billingMode, name),
    createdAt: now,
    ...(activeAt !== undefined ? { activeAt } : {}),
  };
}

export const createTable: DynamoOperation = (env, input, ctx) => {
  const scope = scopeOf(ctx);
  const name = String(input.TableName);
  const definitions = input.AttributeDefinitions as AttributeDefinition[];
  const schema = input.KeySchema as KeyElement[];
  const billingMode = (input.BillingMode as TableDef['billingMode'] | undefined) ?? 'PROVISIONED';
  checkKeySchema(schema, definitions);
  const throughput = throughputOf(input.ProvisionedThroughput, billingMode);
  const now = env.clock.now();
  const gsis = ((input.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined) ?? []).map((g) => buildGsi(g, definitions, billingMode, now));
  const lsis: IndexDef[] = ((input.LocalSecondaryIndexes as Record<string, unknown>[] | undefined) ?? []).map((raw) => {
    const indexName = String(raw.IndexName);
    const lsiSchema = raw.KeySchema as KeyElement[];
    if (!schema[1]) throw invalid('Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
    checkKeySchema(lsiSchema, definitions, indexName);
    if (lsiSchema[0]!.AttributeName !== schema[0]!.AttributeName || !lsiSchema[1]) {
      throw invalid(
        `Index KeySchema does not have the same leading hash key as table KeySchema for index: ${indexName}. index hash key: ${lsiSchema[0]!.AttributeName}, table hash key: ${schema[0]!.AttributeName}`,
      );
    }
    return { IndexName: indexName, KeySchema: lsiSchema, Projection: checkProjection(raw.Projection as Projection, indexName), createdAt: now };
  });
  const indexNames = [...gsis, ...lsis].map((i) => i.IndexName);
  const duplicate = indexNames.find((n, i) => indexNames.indexOf(n) !== i);
  if (duplicate) throw invalid(`Duplicate index name: ${duplicate}`);
  const used = new Set([...schema, ...gsis.flatMap((g) => g.KeySchema), ...lsis.flatMap((l) => l.KeySchema)].map((k) => k.AttributeName));
  if (used.size !== definitions.length) {
    throw invalid('Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  }
  if (env.store.table(scope, name)) throw new AwsError('ResourceInUseException', `Table already exists: ${name}`, 400);
  const tags = Object.fromEntries(((input.Tags as { Key: string; Value: string }[] | undefined) ?? []).map((t) => [t.Key, t.Value]));
  const def: TableDef = {
    name,
    id: randomUUID(),
    arn: `arn:aws:dynamodb:${scope.region}:${scope.accountId}:table/${name}`,
    accountId: scope.accountId,
    region: scope.region,
    createdAt: now,
    activeAt: now + ACTIVATION_MS,
    keySchema: schema,
    attributeDefinitions: definitions,
    billingMode,
    throughput,
    gsis,
    lsis,
    deletionProtection: input.DeletionProtectionEnabled === true,
    tags,
    ...(billingMode === 'PAY_PER_REQUEST' ? { payPerRequestSince: now } : {}),
    ...(typeof input.TableClass === 'string' ? { tableClass: input.TableClass } : {}),
  };
  const spec = input.StreamSpecification as { StreamEnabled: boolean; StreamViewType?: string } | undefined;
  if (spec?.StreamEnabled && !spec.StreamViewType)
    throw validation('One or more parameter values were invalid: StreamViewType must be specified when StreamEnabled is true');
  env.store.transaction(() => {
    if (spec?.StreamEnabled) enableStream(env, def, spec.StreamViewType!);
    env.store.insertTable(def);
  });
  return { TableDescription: describeTable(def, now, { items: 0, bytes: 0 }, 'CREATING') };
};
