import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  GetAliasCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  GetPolicyCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  paginateListFunctions,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError, createFunction, lambdaClient, NODE_ECHO, ROLE, zipOf } from './helpers.js';

const ARN_PREFIX = 'arn:aws:lambda:us-east-1:123456789012:function:';

describe('Lambda control plane', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);

  test('CreateFunction answers 201 with a Pending configuration carrying every field AWS returns', async () => {
    const zip = zipOf({ 'index.js': NODE_ECHO });
    const out = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'shape',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
        Environment: { Variables: { GREETING: 'hi' } },
        Tags: { team: 'core' },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 201);
    assert.equal(out.FunctionName, 'shape');
    assert.equal(out.FunctionArn, `${ARN_PREFIX}shape`);
    assert.equal(out.Runtime, 'nodejs20.x');
    assert.equal(out.Role, ROLE);
    assert.equal(out.Handler, 'index.handler');
    assert.equal(out.CodeSize, zip.length);
    assert.equal(out.CodeSha256, createHash('sha256').update(zip).digest('base64'));
    assert.equal(out.Description, '');
    assert.equal(out.Timeout, 3);
    assert.equal(out.MemorySize, 128);
    assert.match(out.LastModified!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.equal(out.Version, '$LATEST');
    assert.deepEqual(out.Environment, { Variables: { GREETING: 'hi' } });
    assert.deepEqual(out.TracingConfig, { Mode: 'PassThrough' });
    assert.match(out.RevisionId!, /^[0-9a-f-]{36}$/);
    assert.equal(out.State, 'Pending');
    assert.equal(out.StateReason, 'The function is being created.');
    assert.equal(out.StateReasonCode, 'Creating');
    assert.equal(out.PackageType, 'Zip');
    assert.deepEqual(out.Architectures, ['x86_64']);
    assert.deepEqual(out.EphemeralStorage, { Size: 512 });
    assert.deepEqual(out.SnapStart, { ApplyOn: 'None', OptimizationStatus: 'Off' });
    assert.match(out.RuntimeVersionConfig!.RuntimeVersionArn!, /^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/);
    assert.deepEqual(out.LoggingConfig, { LogFormat: 'Text', LogGroup: '/aws/lambda/shape' });
  });

  test('a new function becomes Active and GetFunction returns its configuration, code location and tags', async () => {
    await createFunction(lambda, 'getme', { Tags: { env: 'dev' } });
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: 'getme' }));
    assert.equal(out.Configuration!.State, 'Active');
    assert.equal(out.Configuration!.LastUpdateStatus, 'Successful');
    assert.equal(out.Code!.RepositoryType, 'S3');
    assert.deepEqual(out.Tags, { env: 'dev' });
    const download = await fetch(out.Code!.Location!);
    assert.equal(download.status, 200);
    const body = Buffer.from(await download.arrayBuffer());
    assert.equal(createHash('sha256').update(body).digest('base64'), out.Configuration!.CodeSha256);
    const byArn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${ARN_PREFIX}getme` }));
    assert.equal(byArn.FunctionName, 'getme');
    const byPartialArn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: '123456789012:function:getme' }));
    assert.equal(byPartialArn.FunctionArn, `${ARN_PREFIX}getme`);
  });

  test('an unknown function is a 404 ResourceNotFoundException naming its ARN', async () => {
    const err = await awsError(lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })));
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.status, 404);
    assert.equal(err.message, `Function not found: ${ARN_PREFIX}nope`);
    assert.equal(err.error.Type, 'User');
  });

  test('creating a function twice is a 409 ResourceConflictException', async () => {
    await createFunction(lambda, 'twice');
    const err = await awsError(createFunction(lambda, 'twice'));
    assert.equal(err.name, 'ResourceConflictException');
    assert.equal(err.status, 409);
    assert.equal(err.message, 'Function already exist: twice');
  });

  test('ListFunctions pages with Marker and MaxItems', async () => {
    for (const n of ['page-a', 'page-b', 'page-c']) await createFunction(lambda, n);
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 2 }));
    assert.equal(first.Functions!.length, 2);
    assert.ok(first.NextMarker);
    const names: string[] = [];
    for await (const p of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) {
      names.push(...p.Functions!.map((f) => f.FunctionName!));
    }
    assert.equal(new Set(names).size, names.length);
    for (const n of ['page-a', 'page-b', 'page-c']) assert.ok(names.includes(n));
    assert.deepEqual([...names].sort(), names);
  });

  test('UpdateFunctionConfiguration goes InProgress then Successful and the waiter sees it', async () => {
    await createFunction(lambda, 'configured');
    const out = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'configured',
        MemorySize: 256,
        Timeout: 10,
        Description: 'new',
        Environment: { Variables: { AB: '1' } },
      }),
    );
    assert.equal(out.LastUpdateStatus, 'InProgress');
    assert.equal(out.MemorySize, 256);
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'configured' });
    const got = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'configured' }));
    assert.equal(got.LastUpdateStatus, 'Successful');
    assert.equal(got.Timeout, 10);
    assert.equal(got.Description, 'new');
    assert.deepEqual(got.Environment, { Variables: { AB: '1' } });
    assert.notEqual(got.RevisionId, undefined);
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'configured', Environment: {} }));
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'configured' });
    const kept = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'configured' }));
    assert.deepEqual(kept.Environment, { Variables: { AB: '1' } });
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'configured', Environment: { Variables: {} } }));
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'configured' });
    const cleared = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'configured' }));
    // AWS echoes the empty map (LocalStack's AWS-recorded test_function_lifecycle: `Environment: {Variables: {}}`).
    assert.deepEqual(cleared.Environment, { Variables: {} });
  });

  test('UpdateFunctionCode replaces the package and its hash', async () => {
    await createFunction(lambda, 'recoded');
    const zip = zipOf({ 'index.js': 'exports.handler = async () => 2;\n' });
    const out = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'recoded', ZipFile: zip }));
    assert.equal(out.CodeSha256, createHash('sha256').update(zip).digest('base64'));
    assert.equal(out.LastUpdateStatus, 'InProgress');
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'recoded' });
  });

  test('a stale RevisionId is a 412 PreconditionFailedException', async () => {
    await createFunction(lambda, 'revisioned');
    const err = await awsError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'revisioned', Timeout: 5, RevisionId: 'stale' })));
    assert.equal(err.name, 'PreconditionFailedException');
    assert.equal(err.status, 412);
  });

  test('DeleteFunction removes the function', async () => {
    await createFunction(lambda, 'doomed');
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'doomed' }));
    const err = await awsError(lambda.send(new GetFunctionCommand({ FunctionName: 'doomed' })));
    assert.equal(err.name, 'ResourceNotFoundException');
    const again = await awsError(lambda.send(new DeleteFunctionCommand({ FunctionName: 'doomed' })));
    assert.equal(again.message, `Function not found: ${ARN_PREFIX}doomed`);
  });

  test('settings kept outside the Lambda store go with a deleted function', async () => {
    await createFunction(lambda, 'reborn');
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'reborn', MaximumRetryAttempts: 0 }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'reborn' }));
    await createFunction(lambda, 'reborn');
    const err = await awsError(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'reborn' })));
    assert.equal(err.name, 'ResourceNotFoundException');
  });

  test('tags can be added, listed and removed by function ARN', async () => {
    await createFunction(lambda, 'tagged');
    const Resource = `${ARN_PREFIX}tagged`;
    await lambda.send(new TagResourceCommand({ Resource, Tags: { a: '1', b: '2' } }));
    await lambda.send(new UntagResourceCommand({ Resource, TagKeys: ['a'] }));
    const out = await lambda.send(new ListTagsCommand({ Resource }));
    assert.deepEqual(out.Tags, { b: '2' });
  });

  test('AddPermission stores the statement as AWS writes it and GetPolicy returns the policy', async () => {
    await createFunction(lambda, 'permitted');
    const added = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'permitted',
        StatementId: 's3invoke',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::my-bucket',
        SourceAccount: '123456789012',
      }),
    );
    assert.deepEqual(JSON.parse(added.Statement!), {
      Sid: 's3invoke',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: `${ARN_PREFIX}permitted`,
      Condition: { StringEquals: { 'AWS:SourceAccount': '123456789012' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::my-bucket' } },
    });
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'permitted' }));
    const doc = JSON.parse(policy.Policy!);
    assert.equal(doc.Version, '2012-10-17');
    assert.equal(doc.Statement.length, 1);
    const dup = await awsError(
      lambda.send(new AddPermissionCommand({ FunctionName: 'permitted', StatementId: 's3invoke', Action: 'lambda:InvokeFunction', Principal: '*' })),
    );
    assert.equal(dup.name, 'ResourceConflictException');
    assert.equal(dup.message, 'The statement id (s3invoke) provided already exists. Please provide a new statement id, or remove the existing statement.');
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'permitted', StatementId: 's3invoke' }));
    const gone = await awsError(lambda.send(new GetPolicyCommand({ FunctionName: 'permitted' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  test('reserved concurrency can be put, read and deleted, and shows in account settings', async () => {
    await createFunction(lambda, 'reserved');
    const before = await lambda.send(new GetAccountSettingsCommand({}));
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserved', ReservedConcurrentExecutions: 5 }));
    const got = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'reserved' }));
    assert.equal(got.ReservedConcurrentExecutions, 5);
    const after = await lambda.send(new GetAccountSettingsCommand({}));
    assert.equal(after.AccountLimit!.UnreservedConcurrentExecutions, before.AccountLimit!.UnreservedConcurrentExecutions! - 5);
    assert.equal(after.AccountLimit!.ConcurrentExecutions, 1000);
    assert.ok(after.AccountUsage!.FunctionCount! >= 1);
    const tooMuch = await awsError(lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserved', ReservedConcurrentExecutions: 950 })));
    assert.equal(tooMuch.name, 'InvalidParameterValueException');
    assert.equal(
      tooMuch.message,
      "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    );
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'reserved' }));
    const cleared = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'reserved' }));
    assert.equal(cleared.ReservedConcurrentExecutions, undefined);
  });

  test('versions are published, listed and frozen, and publishing an unchanged $LATEST returns the same version', async () => {
    await createFunction(lambda, 'published');
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'published', Description: 'first' }));
    assert.equal(v1.$metadata.httpStatusCode, 201);
    assert.equal(v1.Version, '1');
    assert.equal(v1.Description, 'first');
    const again = await lambda.send(new PublishVersionCommand({ FunctionName: 'published' }));
    assert.equal(again.Version, '1');
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'published', Timeout: 9 }));
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'published' });
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: 'published' }));
    assert.equal(v2.Version, '2');
    const listed = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'published' }));
    assert.deepEqual(
      listed.Versions!.map((v) => [v.Version, v.Timeout]),
      [
        ['$LATEST', 9],
        ['1', 3],
        ['2', 9],
      ],
    );
    const firstPage = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'published', MaxItems: 2 }));
    assert.deepEqual(
      firstPage.Versions!.map((v) => v.Version),
      ['$LATEST', '1'],
    );
    const secondPage = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'published', MaxItems: 2, Marker: firstPage.NextMarker }));
    assert.deepEqual(
      secondPage.Versions!.map((v) => v.Version),
      ['2'],
    );
    assert.equal(secondPage.NextMarker, undefined);
    const one = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'published', Qualifier: '1' }));
    assert.equal(one.FunctionArn, `${ARN_PREFIX}published:1`);
    assert.equal(one.Timeout, 3);
    const err = await awsError(lambda.send(new DeleteFunctionCommand({ FunctionName: 'published', Qualifier: '$LATEST' })));
    assert.equal(err.message, '$LATEST version cannot be deleted without deleting the function.');
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'published', Qualifier: '1' }));
    const gone = await awsError(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'published', Qualifier: '1' })));
    assert.equal(gone.message, `Function not found: ${ARN_PREFIX}published:1`);
  });

  test('aliases are created, read, listed, updated and deleted', async () => {
    await createFunction(lambda, 'aliased');
    await lambda.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
    const created = await lambda.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'prod', FunctionVersion: '1', Description: 'production' }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.AliasArn, `${ARN_PREFIX}aliased:prod`);
    assert.equal(created.FunctionVersion, '1');
    const dup = await awsError(lambda.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'prod', FunctionVersion: '1' })));
    assert.equal(dup.name, 'ResourceConflictException');
    assert.equal(dup.message, `Alias already exists: ${ARN_PREFIX}aliased:prod`);
    const numeric = await awsError(lambda.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: '123', FunctionVersion: '1' })));
    assert.equal(numeric.name, 'ValidationException');
    const updated = await lambda.send(
      new UpdateAliasCommand({ FunctionName: 'aliased', Name: 'prod', FunctionVersion: '$LATEST', RevisionId: created.RevisionId }),
    );
    assert.equal(updated.FunctionVersion, '$LATEST');
    assert.notEqual(updated.RevisionId, created.RevisionId);
    const got = await lambda.send(new GetAliasCommand({ FunctionName: 'aliased', Name: 'prod' }));
    assert.equal(got.Description, 'production');
    const listed = await lambda.send(new ListAliasesCommand({ FunctionName: 'aliased' }));
    assert.deepEqual(
      listed.Aliases!.map((a) => a.Name),
      ['prod'],
    );
    const viaAlias = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'aliased:prod' }));
    assert.equal(viaAlias.Version, '$LATEST');
    assert.equal(viaAlias.FunctionArn, `${ARN_PREFIX}aliased:prod`);
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'aliased', Name: 'prod' }));
    const missing = await awsError(lambda.send(new GetAliasCommand({ FunctionName: 'aliased', Name: 'prod' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    assert.equal(missing.message, `Cannot find alias arn: ${ARN_PREFIX}aliased:prod`);
  });

  test('a LoggingConfig update keeps the members it leaves out, and the Text format drops the log levels', async () => {
    await createFunction(lambda, 'logging', { LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN' } });
    const level = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'logging', LoggingConfig: { ApplicationLogLevel: 'DEBUG' } }));
    assert.deepEqual(level.LoggingConfig, { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', LogGroup: '/aws/lambda/logging' });
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'logging' });
    const text = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'logging', LoggingConfig: { LogFormat: 'Text' } }));
    assert.deepEqual(text.LoggingConfig, { LogFormat: 'Text', LogGroup: '/aws/lambda/logging' });
  });
});
