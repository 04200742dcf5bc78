import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { ManualClock } from '../../src/clock.js';
import { tributaryPerSuite } from '../support/suite.js';
import { clientConfig } from '../support/tributary.js';
import { awsCli, awsEnv, CLI_V1, CLI_V2, runPython } from '../support/aws-cli.js';

const START = Date.UTC(2026, 5, 1, 12, 0, 0);
const ROLE_ARN = 'arn:aws:iam::444455556666:role/deployer';

async function stsQuery(url: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x',
      ...headers,
    },
    body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
  });
  // Only the apostrophes of messages are escaped in these answers; read them as text.
  return { status: res.status, body: (await res.text()).replaceAll('&apos;', "'") };
}

const BOTO3_SCRIPT = `
import json, sys, boto3
endpoint, role_arn = sys.argv[1], sys.argv[2]
def sts(**creds):
    return boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", **creds)
me = sts(aws_access_key_id="test", aws_secret_access_key="test").get_caller_identity()
assumed = sts(aws_access_key_id="test", aws_secret_access_key="test").assume_role(RoleArn=role_arn, RoleSessionName="boto-session", DurationSeconds=900)
c = assumed["Credentials"]
session = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
as_role = sts(**session).get_caller_identity()
queue = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1", **session).create_queue(QueueName="role-queue")
token = sts(aws_access_key_id="test", aws_secret_access_key="test").get_session_token()["Credentials"]
print(json.dumps({
    "me": {k: me[k] for k in ("UserId", "Account", "Arn")},
    "assumed_user": assumed["AssumedRoleUser"],
    "expiration": c["Expiration"].isoformat(),
    "as_role": {k: as_role[k] for k in ("UserId", "Account", "Arn")},
    "queue_url": queue["QueueUrl"],
    "session_expiration": token["Expiration"].isoformat(),
}))
`;

describe('STS', () => {
  const clock = new ManualClock(START);
  const t = tributaryPerSuite({ clock });

  for (const [label, cli] of [
    ['v2', CLI_V2],
    ['v1', CLI_V1],
  ] as const) {
    test(`aws sts get-caller-identity (CLI ${label}) names the account of the access key`, async () => {
      const root = await awsCli(cli, t.url, ['sts', 'get-caller-identity', '--output', 'json']);
      assert.equal(root.code, 0, root.stderr);
      assert.deepEqual(JSON.parse(root.stdout), { UserId: '123456789012', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:root' });
      const other = await awsCli(cli, t.url, ['sts', 'get-caller-identity', '--output', 'json'], awsEnv({ AWS_ACCESS_KEY_ID: '210987654321' }));
      assert.equal(JSON.parse(other.stdout).Arn, 'arn:aws:iam::210987654321:root');
    });
  }

  test('credentials from aws sts assume-role act as the role session, in the role’s account', async () => {
    const assumed = await awsCli(CLI_V2, t.url, ['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'cli-session', '--output', 'json']);
    assert.equal(assumed.code, 0, assumed.stderr);
    const { Credentials: c, AssumedRoleUser: user } = JSON.parse(assumed.stdout);
    assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(c.SecretAccessKey.length, 40);
    assert.ok(c.SessionToken.length > 100);
    assert.equal(Date.parse(c.Expiration), START + 3600_000);
    assert.equal(user.Arn, 'arn:aws:sts::444455556666:assumed-role/deployer/cli-session');
    assert.match(user.AssumedRoleId, /^AROA[A-Z2-7]{17}:cli-session$/);

    const env = awsEnv({ AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken });
    const who = await awsCli(CLI_V2, t.url, ['sts', 'get-caller-identity', '--output', 'json'], env);
    assert.deepEqual(JSON.parse(who.stdout), { UserId: user.AssumedRoleId, Account: '444455556666', Arn: user.Arn });
    const info = await awsCli(CLI_V2, t.url, ['sts', 'get-access-key-info', '--access-key-id', c.AccessKeyId, '--output', 'json']);
    assert.deepEqual(JSON.parse(info.stdout), { Account: '444455556666' });
  });

  test('boto3 assumes a role, uses its credentials with another service, and gets a session token', async () => {
    const out = await runPython(BOTO3_SCRIPT, [t.url, ROLE_ARN]);
    assert.deepEqual(out.me, { UserId: '123456789012', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:root' });
    assert.equal(out.assumed_user.Arn, 'arn:aws:sts::444455556666:assumed-role/deployer/boto-session');
    assert.equal(Date.parse(out.expiration), START + 900_000);
    assert.deepEqual(out.as_role, { UserId: out.assumed_user.AssumedRoleId, Account: '444455556666', Arn: out.assumed_user.Arn });
    assert.equal(out.queue_url, `${t.url}/queue/us-east-1/444455556666/role-queue`);
    assert.equal(Date.parse(out.session_expiration), START + 12 * 3600_000);
  });

  test('the SDK v3 STS client assumes a role with the same shapes', async () => {
    const sts = new STSClient({ ...clientConfig(t.url), maxAttempts: 1 });
    try {
      const out = await sts.send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/path/app-role', RoleSessionName: 'sdk', DurationSeconds: 43200 }),
      );
      assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::123456789012:assumed-role/app-role/sdk');
      assert.equal(out.Credentials?.Expiration?.getTime(), START + 43200_000);
      assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA/);
    } finally {
      sts.destroy();
    }
  });

  test('AssumeRole validates as STS does', async () => {
    const short = await stsQuery(t.url, { Action: 'AssumeRole', RoleArn: ROLE_ARN, RoleSessionName: 's1', DurationSeconds: '899' });
    assert.equal(short.status, 400);
    assert.match(
      short.body,
      /<Code>ValidationError<\/Code><Message>1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900<\/Message>/,
    );
    const long = await stsQuery(t.url, { Action: 'AssumeRole', RoleArn: ROLE_ARN, RoleSessionName: 's1', DurationSeconds: '43201' });
    assert.match(long.body, /Member must have value less than or equal to 43200/);
    const badArn = await stsQuery(t.url, { Action: 'AssumeRole', RoleArn: 'arn:aws:s3:::not-a-role-at-all', RoleSessionName: 's1' });
    assert.match(badArn.body, /<Code>ValidationError<\/Code><Message>Request ARN is invalid<\/Message>/);
    const badSession = await stsQuery(t.url, { Action: 'AssumeRole', RoleArn: ROLE_ARN, RoleSessionName: 'has space' });
    assert.match(
      badSession.body,
      /Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\*/,
    );
    const missing = await stsQuery(t.url, { Action: 'AssumeRole', RoleArn: ROLE_ARN });
    assert.match(missing.body, /Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null/);
  });

  test('GetCallerIdentity answers in the STS query XML', async () => {
    const res = await stsQuery(t.url, { Action: 'GetCallerIdentity' });
    assert.equal(res.status, 200);
    assert.match(
      res.body,
      /^<\?xml version="1.0"\?><GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:root<\/Arn><UserId>123456789012<\/UserId><Account>123456789012<\/Account><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[\w-]+<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/,
    );
  });

  test('AssumeRoleWithWebIdentity reads the subject and audience of the token', async () => {
    const claims = Buffer.from(
      JSON.stringify({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:o/r:ref:refs/heads/main', aud: 'sts.amazonaws.com' }),
    ).toString('base64url');
    const res = await stsQuery(t.url, {
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: ROLE_ARN,
      RoleSessionName: 'gha',
      WebIdentityToken: `eyJhbGciOiJSUzI1NiJ9.${claims}.sig`,
    });
    assert.equal(res.status, 200);
    assert.match(res.body, /<SubjectFromWebIdentityToken>repo:o\/r:ref:refs\/heads\/main<\/SubjectFromWebIdentityToken>/);
    assert.match(res.body, /<Arn>arn:aws:sts::444455556666:assumed-role\/deployer\/gha<\/Arn>/);
    assert.match(res.body, /<Audience>sts.amazonaws.com<\/Audience><AssumedRoleUser>/);
    assert.match(res.body, /<\/Credentials><Provider>token.actions.githubusercontent.com<\/Provider><\/AssumeRoleWithWebIdentityResult>/);
  });

  test('AssumeRoleWithWebIdentity sent unsigned, as the SDKs and the CLI send it, reaches STS', async () => {
    const claims = Buffer.from(JSON.stringify({ iss: 'https://oidc.example.test', sub: 'ci-runner', aud: 'sts.amazonaws.com' })).toString('base64url');
    const token = `eyJhbGciOiJSUzI1NiJ9.${claims}.sig`;
    const raw = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: ROLE_ARN,
        RoleSessionName: 'raw',
        WebIdentityToken: token,
      }),
    });
    const rawBody = await raw.text();
    assert.equal(raw.status, 200, rawBody);
    assert.match(rawBody, /<SubjectFromWebIdentityToken>ci-runner<\/SubjectFromWebIdentityToken>/);

    // The credential provider's client: the operation has no auth scheme, so no Authorization header is sent.
    const sts = new STSClient({ endpoint: t.url, region: 'us-east-1' });
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'sdk', WebIdentityToken: token }));
    assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::444455556666:assumed-role/deployer/sdk');
    assert.equal(out.SubjectFromWebIdentityToken, 'ci-runner');

    const cli = await awsCli(CLI_V2, t.url, [
      'sts',
      'assume-role-with-web-identity',
      '--role-arn',
      ROLE_ARN,
      '--role-session-name',
      'cli',
      '--web-identity-token',
      token,
      '--output',
      'json',
    ]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(JSON.parse(cli.stdout).AssumedRoleUser.Arn, 'arn:aws:sts::444455556666:assumed-role/deployer/cli');
  });
});
