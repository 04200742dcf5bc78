/**
 * The parity switch: `TRIBUTARY_TEST_TARGET=aws` points the fixture replay (and suites that use
 * `awsTargetRequested`) at real AWS with the caller's own credentials (the SDK's default chain) and
 * `AWS_REGION`. Anything else — and always under CI — means Tributary. See docs/testing-against-aws.md.
 */
import { send, type Target } from './fixtures.js';
import { awsRegion, awsTargetRequested } from './parity.js';
import { startTributary, type TestTributary } from './tributary.js';

export { awsTargetRequested };

/** Real AWS for the user's credentials: the account comes from STS GetCallerIdentity. */
export async function awsTarget(): Promise<Target> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  const credentials = await defaultProvider()();
  const region = awsRegion();
  const base: Target = { kind: 'aws', endpoint: `https://lambda.${region}.amazonaws.com`, region, accountId: '', credentials };
  const identity = await send({ ...base, endpoint: `https://sts.${region}.amazonaws.com` }, 'sts', {
    method: 'GET',
    path: '/?Action=GetCallerIdentity&Version=2011-06-15',
  });
  const account = /<Account>(\d{12})<\/Account>/.exec(identity.body)?.[1];
  if (!account) throw new Error(`TRIBUTARY_TEST_TARGET=aws: STS GetCallerIdentity failed (${identity.status}): ${identity.body.slice(0, 300)}`);
  return { ...base, accountId: account, roleArn: process.env.TRIBUTARY_TEST_ROLE_ARN };
}

/** Tributary's own account and the test credentials every suite uses. */
export function tributaryTarget(t: TestTributary, region = 'us-east-1'): Target {
  return { kind: 'tributary', endpoint: t.url, region, accountId: '123456789012', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
}

/** The target a replay runs against, and how to let go of it. */
export async function replayTarget(service: string): Promise<{ target: Target; stop(): Promise<void> }> {
  if (awsTargetRequested()) {
    const target = await awsTarget();
    return { target: { ...target, endpoint: serviceEndpoint(service, target.region) }, stop: async () => undefined };
  }
  const t = await startTributary();
  return { target: tributaryTarget(t), stop: () => t.stop() };
}

function serviceEndpoint(service: string, region: string): string {
  return `https://${service}.${region}.amazonaws.com`;
}
