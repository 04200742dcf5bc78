/**
 * Lambda API answers that the recorded fixtures (test/fixtures/aws/lambda) cannot show — values the
 * replay ignores per run (RevisionIds), settled states, and the same facts through boto3 and the
 * AWS CLI. Sources: botocore's lambda service-2.json and the Lambda API reference (patterns),
 * LocalStack's AWS-validated test_lambda_api snapshots (behaviour).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetFunctionRecursionConfigCommand,
  GetLayerVersionPolicyCommand,
  GetProvisionedConcurrencyConfigCommand,
  ListLayersCommand,
  ListProvisionedConcurrencyConfigsCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
  RemoveLayerVersionPermissionCommand,
  TagResourceCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import AdmZip from 'adm-zip';
import { randomBytes } from 'node:crypto';
import { awsCli, awsEnv, CLI_V1, runPython } from '../support/aws-cli.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { clientConfig, eventually } from '../support/tributary.js';
import { PATTERNS, RUNTIMES } from '../../src/services/lambda/shapes.js';
import { awsError, createFunction, lambdaClient, NODE_ECHO, ROLE, zipOf } from './helpers.js';

describe('Lambda answers as AWS does', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);
  const s3 = clientPerSuite(t, (url) => new S3Client({ ...clientConfig(url), maxAttempts: 1 }));

  before(async () => {
    await createFunction(lambda, 'subject');
    await lambda.send(new PublishVersionCommand({ FunctionName: 'subject' }));
  });

  test('name patterns are the current model’s: eusc- regions, dots and $LATEST.PUBLISHED on the namespaced operations', async () => {
    assert.match(PATTERNS.FunctionName, /\(eusc-\)\?/);
    const get = await awsError(lambda.send(new GetFunctionCommand({ FunctionName: 'bad name' })));
    assert.equal(get.name, 'ValidationException');
    assert.equal(
      get.message,
      "1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?",
    );
    const update = await awsError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'bad name', Timeout: 3 })));
    assert.equal(
      update.message,
      "1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?",
    );
    const recursion = await awsError(lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'subject:1' })));
    assert.equal(
      recursion.message,
      "1 validation error detected: Value 'subject:1' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)",
    );
    assert.equal((await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'subject' }))).RecursiveLoop, 'Terminate');
    // An ARN of a European Sovereign Cloud region is a well-formed name of another region.
    const eusc = await awsError(lambda.send(new GetFunctionCommand({ FunctionName: 'arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:subject' })));
    assert.equal(eusc.name, 'ResourceNotFoundException');
    assert.equal(eusc.message, "Functions from 'eusc-de-east-1' are not reachable in this region ('us-east-1')");
  });

  test('a 65-character name is not found on Get/Delete, and a parameter error on Create', async () => {
    const long = 'x'.repeat(65);
    const get = await awsError(lambda.send(new GetFunctionCommand({ FunctionName: long })));
    assert.equal(get.name, 'ResourceNotFoundException');
    assert.equal(get.message, `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${long}`);
    const del = await awsError(lambda.send(new DeleteFunctionCommand({ FunctionName: long })));
    assert.equal(del.name, 'ResourceNotFoundException');
    const create = await awsError(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: long,
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zipOf({ 'index.js': NODE_ECHO }) },
        }),
      ),
    );
    assert.equal(create.name, 'InvalidParameterValueException');
  });

  test('RevisionId changes on every state transition and on tagging', async () => {
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'revisions',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': NODE_ECHO }) },
      }),
    );
    assert.equal(created.State, 'Pending');
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'revisions' });
    const active = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'revisions' }));
    assert.equal(active.LastUpdateStatus, 'Successful');
    assert.notEqual(active.RevisionId, created.RevisionId);
    await lambda.send(new TagResourceCommand({ Resource: active.FunctionArn, Tags: { team: 'a' } }));
    const tagged = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'revisions' }));
    assert.notEqual(tagged.RevisionId, active.RevisionId);
    const updating = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'revisions', Description: 'next' }));
    assert.notEqual(updating.RevisionId, tagged.RevisionId);
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'revisions' });
    const updated = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'revisions' }));
    assert.notEqual(updated.RevisionId, updating.RevisionId);
  });

  test('PublishVersion answers Active/Successful; SnapStart is echoed, Off for a non-Java runtime', async () => {
    const snap = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'subject', SnapStart: { ApplyOn: 'PublishedVersions' } }));
    assert.deepEqual(snap.SnapStart, { ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' });
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'subject' });
    const published = await lambda.send(new PublishVersionCommand({ FunctionName: 'subject' }));
    assert.equal(published.State, 'Active');
    assert.equal(published.LastUpdateStatus, 'Successful');
    assert.deepEqual(published.SnapStart, { ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' });
    const bad = await awsError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'subject', SnapStart: { ApplyOn: 'Always' as never } })));
    assert.equal(bad.name, 'ValidationException');
    assert.equal(
      bad.message,
      "1 validation error detected: Value 'Always' at 'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: [PublishedVersions, None]",
    );
  });

  test('provisioned concurrency goes IN_PROGRESS, then READY with the requested count allocated', async () => {
    const put = await lambda.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'subject', Qualifier: '1', ProvisionedConcurrentExecutions: 2 }));
    assert.equal(put.Status, 'IN_PROGRESS');
    assert.equal(put.AllocatedProvisionedConcurrentExecutions, 0);
    const ready = await eventually(async () => {
      const got = await lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'subject', Qualifier: '1' }));
      return got.Status === 'READY' ? got : undefined;
    });
    assert.equal(ready.AllocatedProvisionedConcurrentExecutions, 2);
    assert.equal(ready.AvailableProvisionedConcurrentExecutions, 2);
    assert.equal(ready.RequestedProvisionedConcurrentExecutions, 2);
    const list = await lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'subject' }));
    assert.deepEqual(
      list.ProvisionedConcurrencyConfigs?.map((c) => [c.FunctionArn, c.Status]),
      [['arn:aws:lambda:us-east-1:123456789012:function:subject:1', 'READY']],
    );
  });

  test('layers take every runtime of the model, deprecated ones included; ListLayers checks its filters', async () => {
    const layer = await lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'old-runtimes',
        Content: { ZipFile: zipOf({ 'x.txt': 'x' }) },
        CompatibleRuntimes: ['python2.7', 'nodejs12.x'],
      }),
    );
    assert.deepEqual(layer.CompatibleRuntimes, ['python2.7', 'nodejs12.x']);
    const bad = await awsError(lambda.send(new ListLayersCommand({ CompatibleRuntime: 'runtimedoesnotexist' as never })));
    assert.equal(bad.name, 'ValidationException');
    assert.equal(
      bad.message,
      `1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: [${RUNTIMES.join(', ')}]`,
    );
  });

  test('GetAccountSettings counts layers in TotalCodeSize', async () => {
    const before = await lambda.send(new GetAccountSettingsCommand({}));
    const content = zipOf({ 'big.txt': randomBytes(4096).toString('hex') });
    const layer = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'counted', Content: { ZipFile: content } }));
    const after = await lambda.send(new GetAccountSettingsCommand({}));
    assert.equal(after.AccountUsage!.TotalCodeSize! - before.AccountUsage!.TotalCodeSize!, layer.Content!.CodeSize);
  });

  test('a package over 50 MB is taken from S3 (only the unzipped limit applies there)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'big-packages' }));
    const zip = new AdmZip();
    zip.addFile('index.js', Buffer.from(NODE_ECHO));
    zip.addFile('blob.bin', randomBytes(51 * 1024 * 1024));
    // Stored, not deflated: random bytes do not compress, and storing keeps the test quick.
    for (const entry of zip.getEntries()) entry.header.method = 0;
    const body = zip.toBuffer();
    assert.ok(body.length > 52_428_800);
    await s3.send(new PutObjectCommand({ Bucket: 'big-packages', Key: 'big.zip', Body: body }));
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'big',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { S3Bucket: 'big-packages', S3Key: 'big.zip' },
      }),
    );
    assert.equal(created.CodeSize, body.length);
  });

  test('code signing configs through boto3: create, attach, list the functions, detach, delete', async () => {
    const out = await runPython(
      `
import boto3, json, sys
c = boto3.client('lambda', endpoint_url=sys.argv[1])
csc = c.create_code_signing_config(Description='d', AllowedPublishers={'SigningProfileVersionArns': ['arn:aws:signer:us-east-1:123456789012:/signing-profiles/test']})['CodeSigningConfig']
arn = csc['CodeSigningConfigArn']
put = c.put_function_code_signing_config(CodeSigningConfigArn=arn, FunctionName='subject')
got = c.get_function_code_signing_config(FunctionName='subject')
listed = c.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)['FunctionArns']
c.delete_function_code_signing_config(FunctionName='subject')
after = c.get_function_code_signing_config(FunctionName='subject')
c.delete_code_signing_config(CodeSigningConfigArn=arn)
try:
    c.get_code_signing_config(CodeSigningConfigArn=arn)
    gone = None
except c.exceptions.ResourceNotFoundException as e:
    gone = e.response['Error']['Message']
print(json.dumps({'csc': csc, 'put': put['FunctionName'], 'got': got['CodeSigningConfigArn'], 'listed': listed, 'after': 'CodeSigningConfigArn' in after, 'gone': gone, 'arn': arn}))
`,
      [t.url],
    );
    assert.match(out.csc.CodeSigningConfigId, /^csc-[a-z0-9]{17}$/);
    assert.deepEqual(out.csc.CodeSigningPolicies, { UntrustedArtifactOnDeployment: 'Warn' });
    assert.equal(out.put, 'subject');
    assert.equal(out.got, out.arn);
    assert.deepEqual(out.listed, ['arn:aws:lambda:us-east-1:123456789012:function:subject']);
    assert.equal(out.after, false);
    assert.equal(out.gone, `The Lambda code signing configuration ${out.arn} can not be found.`);
  });

  test('layer version permissions through the AWS CLI', async () => {
    await lambda.send(new PublishLayerVersionCommand({ LayerName: 'shared', Content: { ZipFile: zipOf({ 'x.txt': 'x' }) } }));
    const add = await awsCli(
      CLI_V1,
      t.url,
      [
        'lambda',
        'add-layer-version-permission',
        '--layer-name',
        'shared',
        '--version-number',
        '1',
        '--statement-id',
        'all',
        '--action',
        'lambda:GetLayerVersion',
        '--principal',
        '*',
      ],
      awsEnv(),
    );
    assert.equal(add.code, 0, add.stderr);
    const policy = await awsCli(CLI_V1, t.url, ['lambda', 'get-layer-version-policy', '--layer-name', 'shared', '--version-number', '1'], awsEnv());
    assert.equal(policy.code, 0, policy.stderr);
    const statements = JSON.parse(JSON.parse(policy.stdout).Policy).Statement;
    assert.deepEqual(statements, [
      { Sid: 'all', Effect: 'Allow', Principal: '*', Action: 'lambda:GetLayerVersion', Resource: 'arn:aws:lambda:us-east-1:123456789012:layer:shared:1' },
    ]);
    await lambda.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 'all' }));
    const none = await awsError(lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 })));
    assert.equal(none.name, 'ResourceNotFoundException');
    assert.equal(none.message, 'No policy is associated with the given resource.');
  });
});
