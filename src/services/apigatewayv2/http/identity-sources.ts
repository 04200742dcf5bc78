import type { IncomingMessage } from 'node:http';

/**
 * The values of an authorizer's identity sources (`$request.header.Authorization`,
 * `$request.querystring.token`, `$stageVariables.name`, `$context.requestId`); undefined when one is missing
 * (API Gateway then answers 401 without calling the authorizer).
 */
export function identityValues(
  sources: readonly string[],
  req: IncomingMessage,
  url: URL,
  stageVariables: Record<string, string>,
  context: Record<string, string>,
): string[] | undefined {
  const values: string[] = [];
  for (const source of sources) {
    let value: string | undefined;
    const [, kind, name] = /^\$(request\.header|request\.querystring|stageVariables|context)\.(.+)$/.exec(source.trim()) ?? [];
    if (kind === 'request.header') {
      const v = req.headers[name!.toLowerCase()];
      value = Array.isArray(v) ? v.join(',') : v;
    } else if (kind === 'request.querystring') {
      const all = url.searchParams.getAll(name!);
      value = all.length > 0 ? all.join(',') : undefined;
    } else if (kind === 'stageVariables') value = stageVariables[name!];
    else if (kind === 'context') value = context[name!];
    if (value === undefined || value === '') return undefined;
    values.push(value);
  }
  return values;
}
