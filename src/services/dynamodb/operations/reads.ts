/** Query and Scan, on tables and their indexes, paged as DynamoDB pages them. */
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../../server/request-context.js';
import { type DynamoEnv, type DynamoOperation, itemTable, validation } from '../context.js';
import type { Condition, Operand } from '../expressions/ast.js';
import { evaluate, project } from '../expressions/evaluate.js';
import { consumedCapacity, parseExpressions, type ParsedExpressions, readUnits, withDefined } from '../requests.js';
import type { ItemRow } from '../store.js';
import { type IndexDef, type KeyInfo, keyInfo, keyNames, partitionText, pickKey, sortKeyText, storageKey, type TableDef, tableKeys } from '../table-model.js';
import { type AttributeValue, checkItem, compareScalars, type Item, typeOf } from '../values.js';

const PAGE_BYTES = 1024 * 1024;

interface Source {
  def: TableDef;
  index?: IndexDef;
  global: boolean;
  /** The keys that order and address this source (the index's, or the table's). */
  keys: KeyInfo;
  table: KeyInfo;
}

function sourceOf(env: DynamoEnv, ctx: RequestContext, input: Record<string, unknown>): Source {
  const def = itemTable(env, ctx, input.TableName);
  const table = tableKeys(def);
  if (input.IndexName === undefined) return { def, global: false, keys: table, table };
  const name = String(input.IndexName);
  const gsi = def.gsis.find((g) => g.IndexName === name);
  const index = gsi ?? def.lsis.find((l) => l.IndexName === name);
  if (!index) throw validation(`The table does not have the specified index: ${name}`);
  if (gsi && input.ConsistentRead === true) throw validation('Consistent reads are not supported on global secondary indexes');
  return { def, index, global: Boolean(gsi), keys: keyInfo(def, index.KeySchema), table };
}

/** What an item looks like in an index: the index's projection of it. */
function projectedByIndex(source: Source, item: Item): Item {
  const projection = source.index?.Projection;
  if (!projection || projection.ProjectionType === 'ALL') return item;
  const names = new Set([
    ...keyNames(source.table),
    ...keyNames(source.keys),
    ...(projection.ProjectionType === 'INCLUDE' ? (projection.NonKeyAttributes ?? []) : []),
  ]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => names.has(k)));
}

function checkSelect(input: Record<string, unknown>, expressions: ParsedExpressions, source: Source): string {
  const projectionName = expressions.legacy ? 'AttributesToGet' : 'ProjectionExpression';
  const select =
    (input.Select as string | undefined) ?? (expressions.projection ? 'SPECIFIC_ATTRIBUTES' : source.index ? 'ALL_PROJECTED_ATTRIBUTES' : 'ALL_ATTRIBUTES');
  if (expressions.projection && select !== 'SPECIFIC_ATTRIBUTES') {
    throw validation(`Cannot specify the ${projectionName} when choosing to get ${select}`);
  }
  if (select === 'SPECIFIC_ATTRIBUTES' && !expressions.projection) {
    throw validation('One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires a ProjectionExpression or AttributesToGet');
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && !source.index) {
    throw validation('One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is supported only for index queries');
  }
  if (select === 'ALL_ATTRIBUTES' && source.global && source.index!.Projection.ProjectionType !== 'ALL') {
    throw validation(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${source.index!.IndexName} because its projection type is not ALL`,
    );
  }
  return select;
}

function checkFilterKeys(filter: Condition | undefined, keys: readonly string[]): void {
  if (!filter) return;
  const visit = (c: Condition): void => {
    const operands: Operand[] = [];
    if (c.kind === 'and' || c.kind === 'or') {
      visit(c.left);
      visit(c.right);
      return;
    }
    if (c.kind === 'not') {
      visit(c.condition);
      return;
    }
    if (c.kind === 'compare') operands.push(c.left, c.right);
    else if (c.kind === 'between') operands.push(c.value, c.low, c.high);
    else if (c.kind === 'in') operands.push(c.value, ...c.list);
    else if (c.kind === 'function') operands.push(...('args' in c ? c.args : [c.path]));
    for (const o of operands) {
      const path = o.kind === 'path' ? o : o.kind === 'size' ? o.path : undefined;
      if (path && path.elements.length === 1 && keys.includes(path.elements[0] as string)) {
        throw validation(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${path.elements[0]}`);
      }
    }
  };
  visit(filter);
}

/** The key condition, taken apart into the partition value and a test on the sort key. */
interface KeyCondition {
  hash: AttributeValue;
  range?: (value: AttributeValue | undefined) => boolean;
  /** The same test on the stored, order-preserving sort key text (no need to parse the item). */
  rangeText?: (sk: string) => boolean;
}

function rangeTextTest(part: Condition): ((sk: string) => boolean) | undefined {
  const text = (o: Operand) => (o.kind === 'value' ? sortKeyText(o.value) : undefined);
  if (part.kind === 'compare') {
    const t = text(part.right);
    if (t === undefined) return undefined;
    switch (part.op) {
      case '=':
        return (sk) => sk === t;
      case '<':
        return (sk) => sk < t;
      case '<=':
        return (sk) => sk <= t;
      case '>':
        return (sk) => sk > t;
      case '>=':
        return (sk) => sk >= t;
      default:
        return undefined;
    }
  }
  if (part.kind === 'between') {
    const lo = text(part.low);
    const hi = text(part.high);
    return lo === undefined || hi === undefined ? undefined : (sk) => sk >= lo && sk <= hi;
  }
  if (part.kind === 'function' && part.name === 'begins_with' && part.args[1].kind === 'value' && !('N' in part.args[1].value)) {
    const prefix = sortKeyText(part.args[1].value);
    return (sk) => sk.startsWith(prefix);
  }
  return undefined;
}

function keyCondition(condition: Condition, keys: KeyInfo): KeyCondition {
  const parts: Condition[] = [];
  const flatten = (c: Condition): void => {
    if (c.kind === 'and') {
      flatten(c.left);
      flatten(c.right);
    } else if (c.kind === 'or' || c.kind === 'not') throw validation(`Invalid operator used in KeyConditionExpression: ${c.kind.toUpperCase()}`);
    else parts.push(c);
  };
  flatten(condition);
  const attributeOf = (c: Condition): string | undefined => {
    const path = c.kind === 'compare' ? c.left : c.kind === 'between' ? c.value : c.kind === 'function' && 'args' in c ? c.args[0] : undefined;
    return path?.kind === 'path' && path.elements.length === 1 ? String(path.elements[0]) : undefined;
  };
  if (parts.length > 2) throw validation('Conditions can be of length 1 or 2 only');
  let hash: AttributeValue | undefined;
  let range: KeyCondition['range'];
  let rangeText: KeyCondition['rangeText'];
  for (const part of parts) {
    const name = attributeOf(part);
    if (name === undefined) throw validation('Query key condition not supported');
    if (name === keys.hash && hash === undefined) {
      if (part.kind !== 'compare' || part.op !== '=' || part.right.kind !== 'value') throw validation('Query key condition not supported');
      if (typeOf(part.right.value) !== keys.hashType)
        throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
      hash = part.right.value;
    } else if (name === keys.range && range === undefined) {
      if (part.kind === 'compare' && part.op === '<>') throw validation('Unsupported operator in KeyConditionExpression: <>');
      if (part.kind === 'function' && part.name !== 'begins_with') throw validation(`Invalid operator used in KeyConditionExpression: ${part.name}`);
      if (part.kind === 'in') throw validation('Invalid operator used in KeyConditionExpression: IN');
      const values = part.kind === 'compare' ? [part.right] : part.kind === 'between' ? [part.low, part.high] : 'args' in part ? [part.args[1]] : [];
      for (const v of values) {
        if (v.kind !== 'value') throw validation('Query key condition not supported');
        if (typeOf(v.value) !== keys.rangeType)
          throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
      }
      range = (value) => evaluate(part, value ? { [name]: value } : {});
      rangeText = rangeTextTest(part);
    } else if (name === keys.hash || name === keys.range) {
      throw validation(`KeyConditionExpressions must only contain one condition per key`);
    } else {
      throw validation(`Query condition missed key schema element: ${hash === undefined ? keys.hash : keys.range}`);
    }
  }
  if (hash === undefined) throw validation(`Query condition missed key schema element: ${keys.hash}`);
  return { hash, ...(range ? { range } : {}), ...(rangeText ? { rangeText } : {}) };
}

interface Candidate {
  item: Item;
  size: number;
}

function rowsToCandidates(rows: Iterable<ItemRow>): Candidate[] {
  const out: Candidate[] = [];
  for (const row of rows) out.push({ item: JSON.parse(row.item) as Item, size: row.size });
  return out;
}

/** Index order: index hash, index range, then the table's key (a stable order for equal index keys). */
function compareInIndex(source: Source, a: Item, b: Item): number {
  const { keys, table } = source;
  const parts = [keys.range, table.hash, table.range].filter((n): n is string => n !== undefined);
  for (const name of parts) {
    const x = a[name];
    const y = b[name];
    if (!x || !y) continue;
    const order = compareScalars(x, y) ?? 0;
    if (order !== 0) return order;
  }
  return 0;
}

function startKeyOf(input: Record<string, unknown>, source: Source): Item | undefined {
  if (input.ExclusiveStartKey === undefined) return undefined;
  const start = checkItem(input.ExclusiveStartKey);
  const names = new Set([...keyNames(source.table), ...keyNames(source.keys)]);
  const given = Object.keys(start);
  if (!keyNames(source.table).every((n) => start[n] !== undefined) || given.some((n) => !names.has(n))) {
    throw validation('The provided starting key is invalid: The provided key element does not match the schema');
  }
  return start;
}

interface Page {
  items: Item[];
  count: number;
  scanned: number;
  bytes: number;
  lastKey?: Item;
}

function paginate(candidates: Iterable<Candidate>, source: Source, input: Record<string, unknown>, expressions: ParsedExpressions, select: string): Page {
  const limit = input.Limit as number | undefined;
  const page: Page = { items: [], count: 0, scanned: 0, bytes: 0 };
  let last: Item | undefined;
  for (const { item, size } of candidates) {
    if (last) {
      // The page is full and more remain: the key of the last item read is where the next page starts.
      page.lastKey = { ...pickKey(source.table, last), ...pickKey(source.keys, last) };
      break;
    }
    page.scanned++;
    page.bytes += size;
    const visible = projectedByIndex(source, item);
    if (!expressions.filter || evaluate(expressions.filter, visible)) {
      page.count++;
      if (select !== 'COUNT') page.items.push(expressions.projection ? project(visible, expressions.projection) : visible);
    }
    if ((limit !== undefined && page.scanned >= limit) || page.bytes >= PAGE_BYTES) last = item;
  }
  return page;
}

function output(source: Source, input: Record<string, unknown>, page: Page, select: string): Record<string, unknown> {
  const consistent = input.ConsistentRead === true;
  const units = readUnits(page.bytes, consistent);
  const indexUnits = source.index ? { [source.index.IndexName]: units } : {};
  return withDefined(select === 'COUNT' ? {} : { Items: page.items }, {
    Count: page.count,
    ScannedCount: page.scanned,
    LastEvaluatedKey: page.lastKey,
    ConsumedCapacity: consumedCapacity(source.def, input.ReturnConsumedCapacity, source.index ? 0 : units, indexUnits),
  });
}

export const query: DynamoOperation = (env, input, ctx) => {
  const expressions = parseExpressions(input);
  if (!expressions.keyCondition) throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const source = sourceOf(env, ctx, input);
  const select = checkSelect(input, expressions, source);
  const condition = keyCondition(expressions.keyCondition, source.keys);
  checkFilterKeys(expressions.filter, keyNames(source.keys));
  const start = startKeyOf(input, source);
  const forward = input.ScanIndexForward !== false;
  let candidates: Candidate[];
  if (!source.index) {
    const pk = partitionText(condition.hash);
    const after = start && source.table.range ? sortKeyText(start[source.table.range]!) : undefined;
    const range = condition.rangeText ? undefined : condition.range;
    const rangeText = condition.rangeText;
    const rangeName = source.table.range;
    const rows = env.store.partition(source.def.id, pk, forward);
    const lazy = function* (): Generator<Candidate> {
      for (const row of rows) {
        if (after !== undefined && (forward ? row.sk <= after : row.sk >= after)) continue;
        if (rangeText && !rangeText(row.sk)) continue;
        const item = JSON.parse(row.item) as Item;
        if (range && !range(item[rangeName!])) continue;
        yield { item, size: row.size };
      }
    };
    if (start && !source.table.range) return output(source, input, paginate([], source, input, expressions, select), select);
    return output(source, input, paginate(lazy(), source, input, expressions, select), select);
  } else {
    const hashName = source.keys.hash;
    candidates = rowsToCandidates(env.store.all(source.def.id)).filter(
      (c) =>
        c.item[hashName] !== undefined &&
        compareScalars(c.item[hashName]!, condition.hash) === 0 &&
        (!source.keys.range || c.item[source.keys.range] !== undefined),
    );
    candidates.sort((a, b) => (forward ? 1 : -1) * compareInIndex(source, a.item, b.item));
    if (start) candidates = candidates.filter((c) => (forward ? 1 : -1) * compareInIndex(source, c.item, start) > 0);
  }
  if (condition.range) candidates = candidates.filter((c) => condition.range!(c.item[source.keys.range!]));
  return output(source, input, paginate(candidates, source, input, expressions, select), select);
};

function segmentOf(item: Item, keys: KeyInfo, total: number): number {
  const value = item[keys.hash]!;
  const digest = createHash('md5').update(JSON.stringify(value)).digest();
  return digest.readUInt32BE(0) % total;
}

export const scan: DynamoOperation = (env, input, ctx) => {
  const expressions = parseExpressions(input);
  const segment = input.Segment as number | undefined;
  const total = input.TotalSegments as number | undefined;
  if (segment !== undefined && total === undefined)
    throw validation('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  if (total !== undefined && segment === undefined)
    throw validation('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  if (segment !== undefined && total !== undefined && segment >= total) {
    throw validation(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`,
    );
  }
  const source = sourceOf(env, ctx, input);
  const select = checkSelect(input, expressions, source);
  const start = startKeyOf(input, source);
  let candidates = rowsToCandidates(env.store.all(source.def.id));
  if (source.index) candidates = candidates.filter((c) => keyNames(source.keys).every((n) => c.item[n] !== undefined));
  if (total !== undefined) candidates = candidates.filter((c) => segmentOf(c.item, source.table, total) === segment);
  if (start) {
    const position = storageKey(source.table, start);
    candidates = candidates.filter((c) => {
      const at = storageKey(source.table, c.item);
      return at.pk > position.pk || (at.pk === position.pk && at.sk > position.sk);
    });
  }
  return output(source, input, paginate(candidates, source, input, expressions, select), select);
};
