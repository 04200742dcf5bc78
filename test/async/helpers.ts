import fs from 'node:fs';
import path from 'node:path';
import { CreateFunctionCommand, GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { after } from 'node:test';
import { eventually } from '../support/tributary.js';

import { ROLE, tempDir, zipOf } from '../support/functions.js';

export { ROLE, tempDir, zipOf };

/** A temp directory for the enclosing suite's records, removed in its `after` hook. */
export function tempDirPerSuite(prefix: string): string {
  const dir = tempDir(prefix);
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/**
 * A Node.js function that appends one JSON line per invocation to `RECORD_FILE` (its event, request
 * id and trace header), throws when the event says `fail`, and otherwise echoes the event.
 */
export const RECORDING_HANDLER = `
const fs = require('node:fs');
exports.handler = async (event, context) => {
  fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify({ event, requestId: context.awsRequestId, trace: process.env._X_AMZN_TRACE_ID ?? null }) + '\\n');
  if (event && event.fail) throw new Error('boom ' + (event.tag ?? ''));
  return { echoed: event };
};
`;

export interface Recorder {
  file: string;
  lines(): { event: any; requestId: string; trace: string | null; phase?: string }[];
}

export function recorder(dir: string, name: string): Recorder {
  const file = path.join(dir, `${name}.jsonl`);
  return {
    file,
    lines: () =>
      fs.existsSync(file)
        ? fs
            .readFileSync(file, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [],
  };
}

/** Creates a Node.js function and waits until it is Active; returns its ARN. */
export async function createFunction(
  lambda: LambdaClient,
  name: string,
  code: string,
  options: { environment?: Record<string, string>; deadLetterArn?: string; timeout?: number } = {},
): Promise<string> {
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': code }) },
      Timeout: options.timeout ?? 10,
      Environment: options.environment ? { Variables: options.environment } : undefined,
      DeadLetterConfig: options.deadLetterArn ? { TargetArn: options.deadLetterArn } : undefined,
    }),
  );
  await eventually(
    async () => ((await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration?.State === 'Active' ? true : undefined),
    30_000,
    `${name} to become Active`,
  );
  return created.FunctionArn!;
}

/** Creates a recording function (see RECORDING_HANDLER); returns its ARN and recorder. */
export async function createRecordingFunction(
  lambda: LambdaClient,
  dir: string,
  name: string,
  options: { deadLetterArn?: string; timeout?: number } = {},
): Promise<{ arn: string; record: Recorder }> {
  const record = recorder(dir, name);
  const arn = await createFunction(lambda, name, RECORDING_HANDLER, { environment: { RECORD_FILE: record.file }, ...options });
  return { arn, record };
}

/** The async queue's health (depth and deliveries in flight), wherever the Lambda service nests it. */
export async function asyncQueueHealth(url: string): Promise<{ queueDepth: number; inFlight: number }> {
  const body: unknown = await (await fetch(`${url}/_tributary/health`)).json();
  const find = (value: unknown): { queueDepth: number; inFlight: number } | undefined => {
    if (!value || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    if (typeof record.queueDepth === 'number') return record as { queueDepth: number; inFlight: number };
    for (const child of Object.values(record)) {
      const found = find(child);
      if (found) return found;
    }
    return undefined;
  };
  const found = find(body);
  if (!found) throw new Error('health does not report the async queue');
  return found;
}
