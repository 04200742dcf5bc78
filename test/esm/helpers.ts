import fs from 'node:fs';
import path from 'node:path';
import { CreateFunctionCommand, GetEventSourceMappingCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, eventually } from '../support/tributary.js';

import { ROLE, tempDir, zipOf } from '../support/functions.js';

export { ROLE, tempDir, zipOf };
export const ACCOUNT = '123456789012';

export function clients(url: string, region = 'us-east-1') {
  return { lambda: new LambdaClient(clientConfig(url, region)), sqs: new SQSClient(clientConfig(url, region)) };
}

/**
 * Appends one JSON line per invocation to RECORD_FILE (the event, start and end times). The first
 * record whose JSON body has a steering key steers it: `sleepMs` waits, `throw` fails, `respond` is returned as it is;
 * otherwise it returns nothing.
 */
export const RECORDING_HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  const start = Date.now();
  let steer = {};
  for (const r of event.Records) {
    try {
      const b = JSON.parse(r.body);
      if (b && typeof b === 'object' && ('respond' in b || b.throw || b.sleepMs)) { steer = b; break; }
    } catch {}
  }
  if (steer.sleepMs) await new Promise((r) => setTimeout(r, steer.sleepMs));
  fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify({ event, start, end: Date.now() }) + '\\n');
  if (steer.throw) throw new Error('failing on purpose');
  if ('respond' in steer) return steer.respond;
};
`;

export interface Invocation {
  event: { Records: any[] };
  start: number;
  end: number;
}

export function invocations(file: string): Invocation[] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
}

export async function createFunction(
  lambda: LambdaClient,
  name: string,
  files: Record<string, string>,
  env: Record<string, string> = {},
  handler = 'index.handler',
): Promise<string> {
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: handler,
      Code: { ZipFile: zipOf(files) },
      // AWS's default; the queues of these tests keep at least this visibility timeout, as AWS requires.
      Timeout: 3,
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

export async function createRecordingFunction(lambda: LambdaClient, name: string, dir: string): Promise<{ arn: string; file: string }> {
  const file = path.join(dir, `${name}.jsonl`);
  const arn = await createFunction(lambda, name, { 'index.js': RECORDING_HANDLER }, { RECORD_FILE: file });
  return { arn, file };
}

export async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string> = {},
  region = 'us-east-1',
): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return { url: QueueUrl!, arn: `arn:aws:sqs:${region}:${ACCOUNT}:${name}` };
}

/** Visible plus in-flight messages of a queue. */
export async function queueDepth(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

export async function waitForState(lambda: LambdaClient, uuid: string, state: string): Promise<void> {
  await eventually(
    async () => ((await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State === state ? true : undefined),
    10_000,
    `mapping ${state}`,
  );
}
