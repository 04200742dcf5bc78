/** DynamoDB's input constraints as data (the members AWS checks before anything else). */
import { type Shape, structure, type StructureShape } from '../../protocols/constraints.js';

export const TABLE_NAME: Shape = { type: 'string', required: true, length: { min: 3, max: 255 }, pattern: '[a-zA-Z0-9_.-]+' };
const TABLE_NAME_OR_ARN: Shape = { type: 'string', required: true, length: { min: 1, max: 1024 } };
const INDEX_NAME: Shape = { type: 'string', length: { min: 3, max: 255 }, pattern: '[a-zA-Z0-9_.-]+' };
const KEY_TYPE: Shape = { type: 'string', required: true, enum: ['HASH', 'RANGE'] };
const ATTRIBUTE_NAME: Shape = { type: 'string', required: true, length: { min: 1, max: 255 } };
const KEY_SCHEMA: Shape = {
  type: 'list',
  required: true,
  length: { min: 1, max: 2 },
  member: structure({ AttributeName: ATTRIBUTE_NAME, KeyType: KEY_TYPE }),
};
const PROJECTION: Shape = structure(
  {
    ProjectionType: { type: 'string', enum: ['ALL', 'KEYS_ONLY', 'INCLUDE'] },
    NonKeyAttributes: { type: 'list', length: { min: 1, max: 20 }, member: { type: 'string' } },
  },
  { required: true },
);
const THROUGHPUT: Shape = structure({
  ReadCapacityUnits: { type: 'long', required: true, range: { min: 1 } },
  WriteCapacityUnits: { type: 'long', required: true, range: { min: 1 } },
});
const RETURN_CAPACITY: Shape = { type: 'string', enum: ['INDEXES', 'TOTAL', 'NONE'] };
const RETURN_METRICS: Shape = { type: 'string', enum: ['SIZE', 'NONE'] };
const RETURN_VALUES: Shape = { type: 'string', enum: ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] };
const RETURN_ON_FAILURE: Shape = { type: 'string', enum: ['ALL_OLD', 'NONE'] };
const SELECT: Shape = { type: 'string', enum: ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'] };
const CONDITIONAL_OPERATOR: Shape = { type: 'string', enum: ['AND', 'OR'] };
const LIMIT: Shape = { type: 'integer', range: { min: 1 } };

export const SHAPES: Record<string, StructureShape> = {
  CreateTable: structure({
    AttributeDefinitions: {
      type: 'list',
      required: true,
      member: structure({ AttributeName: ATTRIBUTE_NAME, AttributeType: { type: 'string', required: true, enum: ['S', 'N', 'B'] } }),
    },
    TableName: TABLE_NAME,
    KeySchema: KEY_SCHEMA,
    LocalSecondaryIndexes: { type: 'list', member: structure({ IndexName: { ...INDEX_NAME, required: true }, KeySchema: KEY_SCHEMA, Projection: PROJECTION }) },
    GlobalSecondaryIndexes: {
      type: 'list',
      member: structure({ IndexName: { ...INDEX_NAME, required: true }, KeySchema: KEY_SCHEMA, Projection: PROJECTION, ProvisionedThroughput: THROUGHPUT }),
    },
    BillingMode: { type: 'string', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
    ProvisionedThroughput: THROUGHPUT,
    StreamSpecification: structure({
      StreamEnabled: { type: 'boolean', required: true },
      StreamViewType: { type: 'string', enum: ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'] },
    }),
    TableClass: { type: 'string', enum: ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] },
  }),
  DescribeTable: structure({ TableName: TABLE_NAME_OR_ARN }),
  DeleteTable: structure({ TableName: TABLE_NAME_OR_ARN }),
  UpdateTable: structure({
    TableName: TABLE_NAME_OR_ARN,
    BillingMode: { type: 'string', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
    ProvisionedThroughput: THROUGHPUT,
    StreamSpecification: structure({
      StreamEnabled: { type: 'boolean', required: true },
      StreamViewType: { type: 'string', enum: ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'] },
    }),
  }),
  ListTables: structure({
    ExclusiveStartTableName: { type: 'string', length: { min: 3, max: 255 }, pattern: '[a-zA-Z0-9_.-]+' },
    Limit: { type: 'integer', range: { min: 1, max: 100 } },
  }),
  PutItem: structure({
    TableName: TABLE_NAME_OR_ARN,
    Item: { type: 'map', required: true },
    ReturnValues: RETURN_VALUES,
    ReturnConsumedCapacity: RETURN_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_METRICS,
    ConditionalOperator: CONDITIONAL_OPERATOR,
    ReturnValuesOnConditionCheckFailure: RETURN_ON_FAILURE,
  }),
  GetItem: structure({ TableName: TABLE_NAME_OR_ARN, Key: { type: 'map', required: true }, ReturnConsumedCapacity: RETURN_CAPACITY }),
  DeleteItem: structure({
    TableName: TABLE_NAME_OR_ARN,
    Key: { type: 'map', required: true },
    ReturnValues: RETURN_VALUES,
    ReturnConsumedCapacity: RETURN_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_METRICS,
    ConditionalOperator: CONDITIONAL_OPERATOR,
    ReturnValuesOnConditionCheckFailure: RETURN_ON_FAILURE,
  }),
  UpdateItem: structure({
    TableName: TABLE_NAME_OR_ARN,
    Key: { type: 'map', required: true },
    ReturnValues: RETURN_VALUES,
    ReturnConsumedCapacity: RETURN_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_METRICS,
    ConditionalOperator: CONDITIONAL_OPERATOR,
    ReturnValuesOnConditionCheckFailure: RETURN_ON_FAILURE,
  }),
  Query: structure({
    TableName: TABLE_NAME_OR_ARN,
    IndexName: INDEX_NAME,
    Select: SELECT,
    Limit: LIMIT,
    ConditionalOperator: CONDITIONAL_OPERATOR,
    ReturnConsumedCapacity: RETURN_CAPACITY,
  }),
  Scan: structure({
    TableName: TABLE_NAME_OR_ARN,
    IndexName: INDEX_NAME,
    Limit: LIMIT,
    Select: SELECT,
    ConditionalOperator: CONDITIONAL_OPERATOR,
    ReturnConsumedCapacity: RETURN_CAPACITY,
    TotalSegments: { type: 'integer', range: { min: 1, max: 1000000 } },
    Segment: { type: 'integer', range: { min: 0, max: 999999 } },
  }),
  BatchGetItem: structure({ RequestItems: { type: 'map', required: true, length: { min: 1, max: 100 } }, ReturnConsumedCapacity: RETURN_CAPACITY }),
  BatchWriteItem: structure({
    RequestItems: { type: 'map', required: true, length: { min: 1, max: 25 } },
    ReturnConsumedCapacity: RETURN_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_METRICS,
  }),
  TransactGetItems: structure({
    TransactItems: { type: 'list', required: true, length: { min: 1, max: 100 }, member: { type: 'structure', members: {} } },
    ReturnConsumedCapacity: RETURN_CAPACITY,
  }),
  TransactWriteItems: structure({
    TransactItems: { type: 'list', required: true, length: { min: 1, max: 100 }, member: { type: 'structure', members: {} } },
    ReturnConsumedCapacity: RETURN_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_METRICS,
    ClientRequestToken: { type: 'string', length: { min: 1, max: 36 } },
  }),
  UpdateTimeToLive: structure({
    TableName: TABLE_NAME_OR_ARN,
    TimeToLiveSpecification: structure({ Enabled: { type: 'boolean', required: true }, AttributeName: { ...ATTRIBUTE_NAME } }, { required: true }),
  }),
  DescribeTimeToLive: structure({ TableName: TABLE_NAME_OR_ARN }),
  TagResource: structure({
    ResourceArn: { type: 'string', required: true, length: { min: 1, max: 1283 } },
    Tags: {
      type: 'list',
      required: true,
      member: structure({
        Key: { type: 'string', required: true, length: { min: 1, max: 128 } },
        Value: { type: 'string', required: true, length: { min: 0, max: 256 } },
      }),
    },
  }),
  UntagResource: structure({
    ResourceArn: { type: 'string', required: true, length: { min: 1, max: 1283 } },
    TagKeys: { type: 'list', required: true, member: { type: 'string' } },
  }),
  ListTagsOfResource: structure({ ResourceArn: { type: 'string', required: true, length: { min: 1, max: 1283 } } }),
  ExecuteStatement: structure({
    Statement: { type: 'string', required: true, length: { min: 1, max: 8192 } },
    Limit: LIMIT,
    ReturnConsumedCapacity: RETURN_CAPACITY,
  }),
  BatchExecuteStatement: structure({
    Statements: { type: 'list', required: true, length: { min: 1, max: 25 }, member: { type: 'structure', members: {} } },
    ReturnConsumedCapacity: RETURN_CAPACITY,
  }),
  ExecuteTransaction: structure({
    TransactStatements: { type: 'list', required: true, length: { min: 1, max: 100 }, member: { type: 'structure', members: {} } },
    ClientRequestToken: { type: 'string', length: { min: 1, max: 36 } },
    ReturnConsumedCapacity: RETURN_CAPACITY,
  }),
};
