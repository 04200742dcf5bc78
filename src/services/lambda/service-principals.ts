import type { LambdaStore } from './store.js';
import type { FunctionRef } from './arns.js';

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const wildcard = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

export interface ServiceInvokeQuestion {
  /** `elasticloadbalancing.amazonaws.com`, ... */
  principal: string;
  sourceArn: string;
  sourceAccount: string;
}

/**
 * Whether the function's policy (its own statements or its qualifier's) lets a service principal
 * invoke it for a source, as AWS checks before a service may call a function: an Allow statement
 * naming the service, `lambda:InvokeFunction`, and conditions on `AWS:SourceArn` / `AWS:SourceAccount`
 * that the source meets.
 */
export function servicePrincipalMayInvoke(store: LambdaStore, ref: FunctionRef, q: ServiceInvokeQuestion): boolean {
  const policies = [store.getPolicy(ref, ref.name, ''), ref.qualifier ? store.getPolicy(ref, ref.name, ref.qualifier) : undefined];
  const statements = policies.flatMap((p) => p?.statements ?? []);
  const matches = (s: Record<string, unknown>) => {
    const principal = s.Principal;
    const services = principal === '*' ? ['*'] : listOf((principal as { Service?: unknown } | undefined)?.Service);
    if (!services.some((p) => p === '*' || p === q.principal)) return false;
    if (!listOf(s.Action).some((a) => typeof a === 'string' && wildcard(a, 'lambda:InvokeFunction'))) return false;
    return conditionsHold(s.Condition as Record<string, Record<string, unknown>> | undefined, q);
  };
  if (statements.some((s) => s.Effect === 'Deny' && matches(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && matches(s));
}

function conditionsHold(condition: Record<string, Record<string, unknown>> | undefined, q: ServiceInvokeQuestion): boolean {
  if (!condition) return true;
  const context: Record<string, string> = { 'aws:sourcearn': q.sourceArn, 'aws:sourceaccount': q.sourceAccount };
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, expected] of Object.entries(keys)) {
      const actual = context[key.toLowerCase()];
      if (actual === undefined) return false;
      const values = listOf(expected).filter((v): v is string => typeof v === 'string');
      const ok =
        operator === 'ArnLike' || operator === 'StringLike'
          ? values.some((v) => wildcard(v, actual))
          : operator === 'ArnEquals' || operator === 'StringEquals'
            ? values.includes(actual)
            : false;
      if (!ok) return false;
    }
  }
  return true;
}
