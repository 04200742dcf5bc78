/** An IAM policy a Lambda authorizer returns, judged for `execute-api:Invoke` on one method ARN. */
interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `*` matches any run of characters and `?` one character, as IAM resource patterns do. */
function wildcard(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

const actionMatches = (action: string) => wildcard(action.toLowerCase(), 'execute-api:invoke');

/** `allow`, `deny` (an explicit Deny matches) or `none` (no statement allows). */
export function judgePolicy(policy: unknown, methodArn: string): 'allow' | 'deny' | 'none' {
  const statements = list((policy as { Statement?: Statement | Statement[] } | undefined)?.Statement);
  let allowed = false;
  for (const s of statements) {
    if (!list(s.Action).some(actionMatches)) continue;
    if (!list(s.Resource).some((r) => wildcard(r, methodArn))) continue;
    if (s.Effect === 'Deny') return 'deny';
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'none';
}

/** Whether an authorizer's output has the shape API Gateway accepts. */
export function validPolicyOutput(
  output: unknown,
): output is { principalId: unknown; policyDocument: { Statement: unknown }; context?: Record<string, unknown>; usageIdentifierKey?: string } {
  if (!output || typeof output !== 'object') return false;
  const o = output as Record<string, unknown>;
  if (o.principalId === undefined || o.principalId === null) return false;
  const doc = o.policyDocument as Record<string, unknown> | undefined;
  if (!doc || typeof doc !== 'object' || doc.Statement === undefined) return false;
  if (o.context !== undefined && o.context !== null) {
    if (typeof o.context !== 'object' || Array.isArray(o.context)) return false;
    for (const v of Object.values(o.context)) if (!['string', 'number', 'boolean'].includes(typeof v)) return false;
  }
  return true;
}
