import type { DynamoOperation } from '../context.js';
import { batchGetItem, batchWriteItem } from './batch.js';
import { createTable } from './create-table.js';
import { deleteItem, getItem, putItem, updateItem } from './items.js';
import { batchExecuteStatement, executeStatement, executeTransaction } from './partiql.js';
import { query, scan } from './reads.js';
import { describeEndpoints, describeLimits, describeTimeToLive, listTagsOfResource, tagResource, untagResource, updateTimeToLive } from './table-settings.js';
import { deleteTable, describeTableOp, listTables, updateTable } from './tables.js';
import { transactGetItems, transactWriteItems } from './transactions.js';

export type DynamoOperationName =
  | 'CreateTable'
  | 'DescribeTable'
  | 'UpdateTable'
  | 'DeleteTable'
  | 'ListTables'
  | 'TagResource'
  | 'UntagResource'
  | 'ListTagsOfResource'
  | 'UpdateTimeToLive'
  | 'DescribeTimeToLive'
  | 'DescribeLimits'
  | 'DescribeEndpoints'
  | 'PutItem'
  | 'GetItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactGetItems'
  | 'TransactWriteItems'
  | 'ExecuteStatement'
  | 'BatchExecuteStatement'
  | 'ExecuteTransaction';

export const DYNAMODB_OPERATIONS: Record<DynamoOperationName, DynamoOperation> = {
  CreateTable: createTable,
  DescribeTable: describeTableOp,
  UpdateTable: updateTable,
  DeleteTable: deleteTable,
  ListTables: listTables,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsOfResource: listTagsOfResource,
  UpdateTimeToLive: updateTimeToLive,
  DescribeTimeToLive: describeTimeToLive,
  DescribeLimits: describeLimits,
  DescribeEndpoints: describeEndpoints,
  PutItem: putItem,
  GetItem: getItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  Query: query,
  Scan: scan,
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  TransactGetItems: transactGetItems,
  TransactWriteItems: transactWriteItems,
  ExecuteStatement: executeStatement,
  BatchExecuteStatement: batchExecuteStatement,
  ExecuteTransaction: executeTransaction,
};
