import { AwsError } from '../../../protocols/aws-error.js';
import { type DynamoOperation, namedTable, scopeOf, validation } from '../context.js';
import { describeTable, type KeyElement, type TableDef } from '../table-model.js';
import { ACTIVATION_MS, buildGsi, throughputOf } from './create-table.js';
import { disableStream, enableStream } from './streams.js';

export const describeTableOp: DynamoOperation = (env, input, ctx) => {
  const def = namedTable(env, ctx, input.TableName);
  return { Table: describeTable(def, env.clock.now(), env.store.counts(def.id)) };
};

export const deleteTable: DynamoOperation = (env, input, ctx) => {
  const def = namedTable(env, ctx, input.TableName);
  if (def.deletionProtection) {
    throw new AwsError(
      'ValidationException',
      `Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`,
      400,
    );
  }
  const counts = env.store.counts(def.id);
  env.store.transaction(() => {
    disableStream(env, def);
    env.store.deleteTable(def);
  });
  return { TableDescription: describeTable(def, env.clock.now(), counts, 'DELETING') };
};

export const listTables: DynamoOperation = (env, input, ctx) => {
  const limit = (input.Limit as number | undefined) ?? 100;
  const start = input.ExclusiveStartTableName as string | undefined;
  const names = env.store.tableNames(scopeOf(ctx)).filter((n) => start === undefined || n > start);
  const page = names.slice(0, limit);
  return { TableNames: page, ...(names.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
};

export const updateTable: DynamoOperation = (env, input, ctx) => {
  const def = namedTable(env, ctx, input.TableName);
  const now = env.clock.now();
  let changed = false;
  if (Array.isArray(input.AttributeDefinitions)) {
    for (const d of input.AttributeDefinitions as TableDef['attributeDefinitions']) {
      if (!def.attributeDefinitions.some((x) => x.AttributeName === d.AttributeName)) def.attributeDefinitions.push(d);
    }
  }
  const billingMode = (input.BillingMode as TableDef['billingMode'] | undefined) ?? def.billingMode;
  if (input.BillingMode !== undefined || input.ProvisionedThroughput !== undefined) {
    const next = throughputOf(input.ProvisionedThroughput ?? (billingMode === def.billingMode ? def.throughput : undefined), billingMode);
    if (billingMode === 'PROVISIONED' && input.ProvisionedThroughput === undefined && def.billingMode === 'PAY_PER_REQUEST') {
      throw validation('One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED');
    }
    if (billingMode === 'PAY_PER_REQUEST' && def.billingMode !== 'PAY_PER_REQUEST') def.payPerRequestSince = now;
    if (billingMode === 'PROVISIONED' && def.billingMode === 'PAY_PER_REQUEST') delete def.payPerRequestSince;
    const old = def.throughput;
    if (next.ReadCapacityUnits > old.ReadCapacityUnits || next.WriteCapacityUnits > old.WriteCapacityUnits) next.LastIncreaseDateTime = now;
    else if (old.LastIncreaseDateTime !== undefined) next.LastIncreaseDateTime = old.LastIncreaseDateTime;
    if (
      billingMode === 'PROVISIONED' &&
      def.billingMode === 'PROVISIONED' &&
      (next.ReadCapacityUnits < old.ReadCapacityUnits || next.WriteCapacityUnits < old.WriteCapacityUnits)
    ) {
      next.LastDecreaseDateTime = now;
      next.NumberOfDecreasesToday = old.NumberOfDecreasesToday + 1;
    }
    def.billingMode = billingMode;
    def.throughput = next;
    if (billingMode === 'PAY_PER_REQUEST') {
      for (const g of def.gsis) g.ProvisionedThroughput = { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 };
    }
    changed = true;
  }
  for (const update of (input.GlobalSecondaryIndexUpdates as Record<string, Record<string, unknown>>[] | undefined) ?? []) {
    if (update.Create) {
      const name = String(update.Create.IndexName);
      if (def.gsis.some((g) => g.IndexName === name) || def.lsis.some((l) => l.IndexName === name)) {
        throw validation(`One or more parameter values were invalid: Attempting to create an index which already exists`);
      }
      def.gsis.push(buildGsi(update.Create, def.attributeDefinitions, def.billingMode, now, now + ACTIVATION_MS));
    } else if (update.Delete) {
      const name = String(update.Delete.IndexName);
      if (!def.gsis.some((g) => g.IndexName === name))
        throw new AwsError('ResourceNotFoundException', `Requested resource not found: Index: ${name} not found`, 400);
      def.gsis = def.gsis.filter((g) => g.IndexName !== name);
    } else if (update.Update) {
      const gsi = def.gsis.find((g) => g.IndexName === update.Update!.IndexName);
      if (!gsi) throw new AwsError('ResourceNotFoundException', `Requested resource not found: Index: ${String(update.Update.IndexName)} not found`, 400);
      gsi.ProvisionedThroughput = throughputOf(update.Update.ProvisionedThroughput, def.billingMode, gsi.IndexName);
    }
    changed = true;
  }
  const used = new Set(
    [...def.keySchema, ...def.gsis.flatMap((g) => g.KeySchema), ...def.lsis.flatMap((l) => l.KeySchema)].map((k: KeyElement) => k.AttributeName),
  );
  def.attributeDefinitions = def.attributeDefinitions.filter((d) => used.has(d.AttributeName));
  const spec = input.StreamSpecification as { StreamEnabled: boolean; StreamViewType?: string } | undefined;
  if (typeof input.DeletionProtectionEnabled === 'boolean') {
    def.deletionProtection = input.DeletionProtectionEnabled;
    changed = true;
  }
  if (typeof input.TableClass === 'string') {
    def.tableClass = input.TableClass;
    changed = true;
  }
  env.store.transaction(() => {
    if (spec) {
      if (spec.StreamEnabled) {
        if (def.stream?.enabled) throw validation(`Table already has an enabled stream: ${def.arn}`);
        if (!spec.StreamViewType) throw validation('One or more parameter values were invalid: StreamViewType must be specified when StreamEnabled is true');
        enableStream(env, def, spec.StreamViewType);
      } else {
        if (!def.stream?.enabled) throw validation(`Table already has no stream enabled: ${def.arn}`);
        disableStream(env, def);
      }
      changed = true;
    }
    if (!changed)
      throw validation(
        'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
      );
    env.store.saveTable(def);
  });
  return { TableDescription: describeTable(def, now, env.store.counts(def.id), 'UPDATING') };
};
