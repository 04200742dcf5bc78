/** Whether an authorizer's IAM policy lets the caller invoke `methodArn`: an Allow matches and no Deny does. */
export function policyAllows(policy: unknown, methodArn: string): boolean {
  const statements = (policy as { Statement?: unknown } | undefined)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  let allowed = false;
  for (const s of list as { Effect?: unknown; Action?: unknown; Resource?: unknown }[]) {
    const actions = ([] as unknown[]).concat(s.Action ?? []);
    const resources = ([] as unknown[]).concat(s.Resource ?? []);
    if (!actions.some((a) => typeof a === 'string' && wildcard(a, 'execute-api:Invoke'))) continue;
    if (!resources.some((r) => typeof r === 'string' && wildcard(r, methodArn))) continue;
    if (s.Effect === 'Deny') return false;
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

function wildcard(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(value);
}
