import { CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2, type CreateFunctionCommandInput } from '@aws-sdk/client-lambda';
import { awsRegion, awsTargetRequested } from '../support/parity.js';
import { clientConfig } from '../support/tributary.js';

import { ROLE, zipOf } from '../support/functions.js';

export { ROLE, zipOf };

/**
 * A Lambda client for the suite's Tributary — or, with TRIBUTARY_TEST_TARGET=aws outside CI, for
 * real AWS with the caller's own credentials and region (see docs/testing-against-aws.md).
 */
export function lambdaClient(url: string): LambdaClient {
  if (awsTargetRequested()) return new LambdaClient({ region: awsRegion(), maxAttempts: 3 });
  return new LambdaClient({ ...clientConfig(url), maxAttempts: 1 });
}

export const NODE_ECHO = `exports.handler = async (event, context) => ({ echoed: event, requestId: context.awsRequestId });\n`;

/** Creates a function (Node echo by default) and waits until it is Active. */
export async function createFunction(
  lambda: LambdaClient,
  name: string,
  overrides: Partial<CreateFunctionCommandInput> & { files?: Record<string, string> } = {},
): Promise<void> {
  const { files, ...rest } = overrides;
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zipOf(files ?? { 'index.js': NODE_ECHO }) },
      ...rest,
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: name });
}

/** The AWS error an SDK call rejected with: its name, message, HTTP status and raw extras. */
export async function awsError(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number; error: any }> {
  try {
    await promise;
  } catch (error: any) {
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode, error };
  }
  throw new Error('expected the call to fail');
}
