import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Tributary } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { tempDir } from '../support/functions.js';
import { tributaryPerSuite } from '../support/suite.js';
import { awsCli, CLI_V1, CLI_V2, runPython } from '../support/aws-cli.js';

const IMPLEMENTED =
  /Tributary implements: AWS Lambda \(lambda\), Amazon Simple Queue Service \(sqs\), Amazon S3 \(s3\), .*AWS Security Token Service \(sts\).*Amazon CloudWatch Logs \(logs\)/;

const BOTO3_SCRIPT = `
import json, sys, boto3, botocore
from botocore.config import Config
endpoint = sys.argv[1]
calls = {
    "kinesis": lambda c: c.list_streams(),
    "secretsmanager": lambda c: c.list_secrets(),
    "cloudformation": lambda c: c.list_stacks(),
    "iam": lambda c: c.list_roles(),
    "ec2": lambda c: c.describe_instances(),
    "cloudwatch": lambda c: c.list_metrics(),
    "route53": lambda c: c.list_hosted_zones(),
}
out = {}
for name, call in calls.items():
    client = boto3.client(name, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}))
    try:
        call(client)
        out[name] = None
    except botocore.exceptions.ClientError as e:
        out[name] = {"code": e.response["Error"]["Code"], "message": e.response["Error"].get("Message", ""),
                     "status": e.response["ResponseMetadata"]["HTTPStatusCode"], "text": str(e)}
print(json.dumps(out))
`;

describe('services Tributary does not implement', () => {
  const t = tributaryPerSuite();

  test('boto3 shows NotImplemented, naming the service and the ones Tributary has, in every wire protocol', async () => {
    const out = await runPython(BOTO3_SCRIPT, [t.url]);
    const titles: Record<string, string> = {
      kinesis: 'Amazon Kinesis Data Streams (kinesis)',
      secretsmanager: 'AWS Secrets Manager (secretsmanager)',
      cloudformation: 'AWS CloudFormation (cloudformation)',
      iam: 'AWS Identity and Access Management (iam)',
      ec2: 'Amazon EC2 (ec2)',
      cloudwatch: 'Amazon CloudWatch (monitoring)',
      route53: 'Amazon Route 53 (route53)',
    };
    for (const [client, title] of Object.entries(titles)) {
      const error = out[client];
      assert.ok(error, `${client} succeeded`);
      assert.equal(error.code, 'NotImplemented', `${client}: ${error.text}`);
      assert.equal(error.status, 501, client);
      assert.ok(error.message.startsWith(`Tributary does not implement ${title}.`), `${client}: ${error.message}`);
      assert.match(error.message, IMPLEMENTED, client);
    }
  });

  for (const [label, cli] of [
    ['v2', CLI_V2],
    ['v1', CLI_V1],
  ] as const) {
    test(`the AWS CLI ${label} prints the reason for secretsmanager, kinesis and cloudformation`, async () => {
      for (const [args, title] of [
        [['secretsmanager', 'list-secrets'], 'AWS Secrets Manager'],
        [['kinesis', 'list-streams'], 'Amazon Kinesis Data Streams'],
        [['cloudformation', 'list-stacks'], 'AWS CloudFormation'],
      ] as const) {
        const done = await awsCli(cli, t.url, args);
        assert.notEqual(done.code, 0);
        assert.match(done.stderr, new RegExp(`An error occurred \\(NotImplemented\\) when calling the \\w+ operation: Tributary does not implement ${title} `));
        assert.doesNotMatch(done.stderr, /MethodNotAllowed|InvalidAction/);
      }
    });
  }

  test('an unsigned X-Amz-Target of a known service is answered as that service', async () => {
    const res = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: { 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    assert.equal(res.status, 501);
    assert.equal(res.headers.get('x-amzn-errortype'), 'NotImplemented');
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    const body = (await res.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'NotImplemented');
    assert.match(body.message, /^Tributary does not implement Amazon Kinesis Data Streams \(kinesis\)\./);
  });

  test('a signing name AWS does not use either is UnknownServiceException', async () => {
    const res = await fetch(`${t.url}/things`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/frobnicator/aws4_request, SignedHeaders=host, Signature=x' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownServiceException');
    const body = (await res.json()) as { message: string };
    assert.match(body.message, /^Tributary does not know the service "frobnicator" \(from the request's signing name\)\. /);
    assert.match(body.message, IMPLEMENTED);
  });

  test('unsigned requests for buckets still reach S3', async () => {
    const res = await fetch(`${t.url}/no-such-bucket-here`);
    assert.equal(res.status, 404);
    assert.match(await res.text(), /<Code>NoSuchBucket<\/Code>/);
  });

  test('Tributary says on its terminal, once per service, that a client asked for one it lacks', async () => {
    const warnings: string[] = [];
    const tributary = await Tributary.start({
      config: { port: 0, host: '127.0.0.1', dataDir: tempDir('unknown-services-') },
      logger: { ...silentLogger, warn: (message) => warnings.push(message) },
    });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${tributary.url}/`, {
          method: 'POST',
          headers: { 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1' },
          body: '{}',
        });
        await res.arrayBuffer();
      }
    } finally {
      await tributary.stop();
    }
    assert.deepEqual(warnings, ['a client called Amazon Kinesis Data Streams, which Tributary does not implement; it was told so (NotImplemented)']);
  });
});
