/** PutItem, UpdateItem, DeleteItem and GetItem. */
import { type DynamoOperation, itemTable, readItem } from '../context.js';
import { planWrite, returnedAttributes, runPlan, type WriteKind } from '../item-writes.js';
import {
  applyProjection,
  consumedCapacity,
  indexWriteUnits,
  itemCollectionMetrics,
  parseExpressions,
  readUnits,
  withDefined,
  writeUnits,
} from '../requests.js';
import { checkKey, tableKeys } from '../table-model.js';
import { checkItem, itemSize } from '../values.js';

function writeOperation(kind: WriteKind): DynamoOperation {
  return (env, input, ctx) => {
    const plan = planWrite(env, ctx, kind, input);
    const result = env.store.transaction(() => runPlan(env, plan));
    const units = writeUnits(result.old, result.next);
    return withDefined(
      {},
      {
        Attributes: returnedAttributes(plan, result),
        ConsumedCapacity: consumedCapacity(plan.def, input.ReturnConsumedCapacity, units, indexWriteUnits(plan.def, result.old, result.next)),
        ItemCollectionMetrics: itemCollectionMetrics(plan.def, input.ReturnItemCollectionMetrics, result.next ?? result.old),
      },
    );
  };
}

export const putItem = writeOperation('Put');
export const updateItem = writeOperation('Update');
export const deleteItem = writeOperation('Delete');

export const getItem: DynamoOperation = (env, input, ctx) => {
  const expressions = parseExpressions(input);
  const def = itemTable(env, ctx, input.TableName);
  const key = checkKey(tableKeys(def), checkItem(input.Key));
  const item = readItem(env, def, key);
  const consistent = input.ConsistentRead === true;
  return withDefined(
    {},
    {
      Item: item ? applyProjection(item, expressions.projection) : undefined,
      ConsumedCapacity: consumedCapacity(def, input.ReturnConsumedCapacity, readUnits(item ? itemSize(item) : 0, consistent)),
    },
  );
};
