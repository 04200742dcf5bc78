import { compileCidr } from '../../patterns/cidr.js';
import type { Condition } from './model.js';
import { validationError } from './errors.js';
import { asList, asRecord, asString, type Tree } from './wire.js';

const FIELDS = ['http-header', 'http-request-method', 'host-header', 'path-pattern', 'query-string', 'source-ip'];
const CONFIG_OF: Record<string, keyof Condition> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-header': 'HttpHeaderConfig',
  'query-string': 'QueryStringConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'source-ip': 'SourceIpConfig',
};

const strings = (tree: Tree | undefined): string[] => (asList(tree) ?? []).filter((v): v is string => typeof v === 'string');

/** Reads and checks a rule's conditions; host and path conditions are echoed in both forms, as AWS does. */
export function parseConditions(tree: Tree | undefined): Condition[] {
  const list = asList(tree);
  const conditions = (list ?? []).map((item, i) => parseCondition(asRecord(item) ?? {}, i + 1));
  const values = conditions.reduce((n, c) => n + conditionValueCount(c), 0);
  if (values > 5) throw validationError('A rule can only have up to 5 condition values');
  return conditions;
}

function conditionValueCount(c: Condition): number {
  const config = c[CONFIG_OF[c.Field]!] as { Values?: unknown[] } | undefined;
  return config?.Values?.length ?? 0;
}

function parseCondition(raw: Record<string, Tree>, index: number): Condition {
  const field = asString(raw.Field);
  if (field === undefined || !FIELDS.includes(field)) {
    throw validationError(`Condition field '${field ?? ''}' must be one of '[${FIELDS.join(', ')}]'`);
  }
  const legacy = asList(raw.Values) ? strings(raw.Values) : undefined;
  const configKey = CONFIG_OF[field]!;
  const config = asRecord(raw[configKey]);
  if (legacy && config) throw validationError(`You cannot specify both 'Values' and '${configKey}' in condition ${index}`);
  switch (field) {
    case 'path-pattern':
    case 'host-header': {
      const values = legacy ?? strings(config?.Values);
      if (values.length === 0) throw validationError(`A condition value must be specified for field '${field}'`);
      const max = field === 'path-pattern' ? 128 : 128;
      for (const v of values) if (v.length > max) throw validationError(`The '${field}' condition value '${v}' cannot be longer than ${max} characters`);
      return { Field: field, Values: values, [configKey]: { Values: values } };
    }
    case 'http-header': {
      const name = asString(config?.HttpHeaderName);
      const values = strings(config?.Values);
      if (!name || values.length === 0) throw validationError("An 'HttpHeaderConfig' with a header name and values must be specified for field 'http-header'");
      return { Field: field, HttpHeaderConfig: { HttpHeaderName: name, Values: values } };
    }
    case 'query-string': {
      const pairs = (asList(config?.Values) ?? []).map((v) => {
        const pair = asRecord(v) ?? {};
        const key = asString(pair.Key);
        return { ...(key === undefined ? {} : { Key: key }), Value: asString(pair.Value) ?? '' };
      });
      if (pairs.length === 0) throw validationError("A 'QueryStringConfig' with values must be specified for field 'query-string'");
      return { Field: field, QueryStringConfig: { Values: pairs } };
    }
    case 'http-request-method': {
      const values = strings(config?.Values);
      if (values.length === 0) throw validationError("An 'HttpRequestMethodConfig' with values must be specified for field 'http-request-method'");
      for (const v of values) if (!/^[A-Z_-]+$/.test(v)) throw validationError(`The HTTP request method '${v}' is not valid`);
      return { Field: field, HttpRequestMethodConfig: { Values: values } };
    }
    default: {
      const values = strings(config?.Values);
      if (values.length === 0) throw validationError("A 'SourceIpConfig' with values must be specified for field 'source-ip'");
      for (const v of values) {
        try {
          compileCidr(v);
        } catch {
          throw validationError(`The source IP '${v}' is not a valid CIDR block`);
        }
      }
      return { Field: field, SourceIpConfig: { Values: values } };
    }
  }
}
