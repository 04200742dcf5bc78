import { CreateFunctionCommand, GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ROLE, zipOf } from '../support/functions.js';
import { eventually } from '../support/tributary.js';

export const ACCOUNT = '123456789012';

/** GETs (or POSTs JSON to) the dashboard API; the answer's status and JSON. */
export async function api<T = any>(base: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const init: RequestInit =
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
  const res = await fetch(`${base}/_tributary/api/${path}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

/**
 * Logs its event, then fails when the event asks (`{"fail":true}`), or when the file named by
 * FAIL_FILE exists (records of a batch: the test decides when the failing stops).
 */
export const HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  console.log('event ' + JSON.stringify(event));
  if (event && event.fail) throw new Error('failing on purpose');
  if (process.env.FAIL_FILE && fs.existsSync(process.env.FAIL_FILE)) throw new Error('failing while ' + process.env.FAIL_FILE + ' exists');
  return { ok: true, echo: event };
};
`;

export async function createFunction(lambda: LambdaClient, name: string, env: Record<string, string> = {}): Promise<string> {
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
      Timeout: 1,
      Environment: { Variables: env },
    }),
  );
  await eventually(
    async () => ((await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration?.State === 'Active' ? true : undefined),
    30_000,
    `${name} to become Active`,
  );
  return created.FunctionArn!;
}
