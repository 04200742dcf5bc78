import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  PublishLayerVersionCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { CopyObjectCommand, CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { ROLE, tempDir, zipOf } from '../support/functions.js';
import { startTributary, type TestTributary } from '../support/tributary.js';
import { CLI_ENV, run } from '../s3/helpers.js';

const ALICE = { accessKeyId: 'AKIAALICE0000000', secretAccessKey: 'alice-secret' };
const BOB = { accessKeyId: 'AKIABOB000000000', secretAccessKey: 'bob-secret' };
const common = (url: string, credentials: { accessKeyId: string; secretAccessKey: string }) => ({
  endpoint: url,
  region: 'us-east-1',
  credentials,
  forcePathStyle: true,
  maxAttempts: 1,
});

const toBytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** SHA-256 (or its HMAC) from Node's crypto, in the shape the Smithy signer wants. */
class Sha256 {
  private hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}

/** GET of a function URL (Host header naming it, sent to loopback), SigV4-signed for `lambda` with `credentials`. */
async function signedUrlGet(functionUrl: string, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<number> {
  const url = new URL(functionUrl);
  const signer = new SignatureV4({ service: 'lambda', region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host },
    query: {},
  });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: url.port, path: '/', method: 'GET', headers: signed.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  assert.fail('expected the call to be refused');
}

describe('--enforce-auth: SigV4 verified against configured accounts', () => {
  let t: TestTributary;
  const dir = tempDir('tributary-auth-');
  before(async () => {
    const file = path.join(dir, 'accounts.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        accounts: [
          { accountId: '111111111111', keys: [ALICE] },
          { accountId: '222222222222', keys: [BOB] },
        ],
      }),
    );
    t = await startTributary({ config: { enforceAuth: true, credentialsFile: file } });
  });
  after(async () => {
    await t.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('Lambda: a correctly signed call works and acts as the key’s account; its function’s own SDK calls verify too', async () => {
    const lambda = new LambdaClient(common(t.url, ALICE));
    const handler =
      "const { LambdaClient, ListFunctionsCommand } = require('@aws-sdk/client-lambda'); exports.handler = async () => (await new LambdaClient({}).send(new ListFunctionsCommand({}))).Functions.map((f) => f.FunctionArn);";
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'alices',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': handler }) },
      }),
    );
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:111111111111:function:alices');
    const byArn = await lambda.send(new GetFunctionCommand({ FunctionName: created.FunctionArn }));
    assert.equal(byArn.Configuration?.FunctionName, 'alices', 'a path with escaped characters verifies');
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'alices' }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), [created.FunctionArn]);
    const bobs = await new LambdaClient(common(t.url, BOB)).send(new ListFunctionsCommand({}));
    assert.deepEqual(bobs.Functions, [], 'another account sees none of them');
  });

  test('Lambda: a wrong secret, an unknown key and no signature are refused as AWS does', async () => {
    const wrong = await failure(new LambdaClient(common(t.url, { ...ALICE, secretAccessKey: 'guess' })).send(new ListFunctionsCommand({})));
    assert.equal(wrong.name, 'InvalidSignatureException');
    assert.equal(wrong.status, 403);
    const unknown = await failure(new LambdaClient(common(t.url, { accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' })).send(new ListFunctionsCommand({})));
    assert.equal(unknown.name, 'UnrecognizedClientException');
    assert.equal(unknown.message, 'The security token included in the request is invalid.');
    const unsigned = await fetch(`${t.url}/2015-03-31/functions/`);
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const twelveDigits = await failure(
      new LambdaClient(common(t.url, { accessKeyId: '111111111111', secretAccessKey: 'test' })).send(new ListFunctionsCommand({})),
    );
    assert.equal(twelveDigits.name, 'InvalidSignatureException', 'an account id as key id no longer picks the account');
  });

  test('SQS: signed calls work per account, a wrong secret is SignatureDoesNotMatch', async () => {
    const alice = new SQSClient(common(t.url, ALICE));
    const { QueueUrl } = await alice.send(new CreateQueueCommand({ QueueName: 'alice-q' }));
    assert.match(QueueUrl!, /\/111111111111\/alice-q$/);
    const listed = await new SQSClient(common(t.url, BOB)).send(new ListQueuesCommand({}));
    assert.equal(listed.QueueUrls, undefined);
    const wrong = await failure(new SQSClient(common(t.url, { ...BOB, secretAccessKey: 'guess' })).send(new ListQueuesCommand({})));
    assert.equal(wrong.name, 'SignatureDoesNotMatch');
    assert.equal(wrong.status, 403);
  });

  test('S3: signed and presigned requests work; a wrong secret, an unknown key and anonymous access are refused', async () => {
    const s3 = new S3Client(common(t.url, ALICE));
    await s3.send(new CreateBucketCommand({ Bucket: 'alice-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'alice-bucket', Key: 'a b/c+d.txt', Body: 'hello' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'alice-bucket', Key: 'a b/c+d.txt' }));
    assert.equal(await got.Body!.transformToString(), 'hello');
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'alice-bucket', Key: 'a b/c+d.txt' }), { expiresIn: 300 });
    const presigned = await fetch(url);
    assert.equal(presigned.status, 200);
    assert.equal(await presigned.text(), 'hello');
    const tampered = await fetch(url.replace('c%2Bd.txt', 'other.txt'));
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    const wrong = await failure(
      new S3Client(common(t.url, { ...ALICE, secretAccessKey: 'guess' })).send(new GetObjectCommand({ Bucket: 'alice-bucket', Key: 'a b/c+d.txt' })),
    );
    assert.equal(wrong.name, 'SignatureDoesNotMatch');
    const unknown = await failure(
      new S3Client(common(t.url, { accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' })).send(
        new GetObjectCommand({ Bucket: 'alice-bucket', Key: 'a b/c+d.txt' }),
      ),
    );
    assert.equal(unknown.name, 'InvalidAccessKeyId');
    const anonymous = await fetch(`${t.url}/alice-bucket/a%20b/c%2Bd.txt`);
    assert.equal(anonymous.status, 403);
    assert.match(await anonymous.text(), /<Code>AccessDenied<\/Code>/);
  });

  test('the AWS CLI (botocore signing) verifies for Lambda, SQS and S3, and is refused with a wrong secret', async () => {
    const env = { ...CLI_ENV, AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey };
    const cli = (args: string[], e = env) => run('aws', ['--endpoint-url', t.url, ...args], { env: e, timeoutMs: 60_000 });
    const functions = await cli(['lambda', 'list-functions']);
    assert.equal(functions.code, 0, functions.stderr);
    const queue = await cli(['sqs', 'create-queue', '--queue-name', 'cli-q']);
    assert.equal(queue.code, 0, queue.stderr);
    const put = await cli(['s3api', 'put-object', '--bucket', 'alice-bucket', '--key', 'cli/x=1 y.txt', '--body', '/etc/hostname']);
    assert.equal(put.code, 0, put.stderr);
    const listed = await cli(['s3', 'ls', 's3://alice-bucket/cli/']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /x=1 y\.txt/);
    const wrong = await cli(['sqs', 'list-queues'], { ...env, AWS_SECRET_ACCESS_KEY: 'guess' });
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /SignatureDoesNotMatch/);
    const identity = await cli(['sts', 'get-caller-identity']);
    assert.equal(identity.code, 0, identity.stderr);
    assert.equal(JSON.parse(identity.stdout).Account, '111111111111');
    const stranger = await cli(['sts', 'get-caller-identity'], { ...env, AWS_ACCESS_KEY_ID: 'AKIANOBODY' });
    assert.notEqual(stranger.code, 0);
    assert.match(stranger.stderr, /InvalidClientTokenId/);
    const assumed = await cli(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::111111111111:role/deployer', '--role-session-name', 'ci']);
    assert.equal(assumed.code, 0, assumed.stderr);
    const temporary = JSON.parse(assumed.stdout).Credentials;
    const asRole = {
      ...env,
      AWS_ACCESS_KEY_ID: temporary.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: temporary.SecretAccessKey,
      AWS_SESSION_TOKEN: temporary.SessionToken,
    };
    const roleIdentity = await cli(['sts', 'get-caller-identity'], asRole);
    assert.equal(roleIdentity.code, 0, roleIdentity.stderr);
    assert.equal(JSON.parse(roleIdentity.stdout).Account, '111111111111', 'credentials STS issued verify');
    const forged = await cli(['sts', 'get-caller-identity'], { ...asRole, AWS_SECRET_ACCESS_KEY: 'guess' });
    assert.notEqual(forged.code, 0);
  });

  test('Lambda: another account may invoke a function only once its resource policy allows that account', async () => {
    const alice = new LambdaClient(common(t.url, ALICE));
    const bob = new LambdaClient(common(t.url, BOB));
    const created = await alice.send(
      new CreateFunctionCommand({
        FunctionName: 'shared',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': 'exports.handler = async () => "shared";' }) },
      }),
    );
    const denied = await failure(bob.send(new InvokeCommand({ FunctionName: created.FunctionArn })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.equal(denied.status, 403);
    assert.match(
      denied.message,
      /not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:111111111111:function:shared because no resource-based policy allows/,
    );
    const hijack = await failure(
      bob.send(new AddPermissionCommand({ FunctionName: created.FunctionArn, StatementId: 'me', Action: 'lambda:InvokeFunction', Principal: '222222222222' })),
    );
    assert.equal(hijack.name, 'AccessDeniedException', 'the other account cannot grant itself access');
    await alice.send(new AddPermissionCommand({ FunctionName: 'shared', StatementId: 'bob', Action: 'lambda:InvokeFunction', Principal: '222222222222' }));
    const out = await bob.send(new InvokeCommand({ FunctionName: created.FunctionArn }));
    assert.equal(JSON.parse(Buffer.from(out.Payload!).toString()), 'shared');
    const stillDenied = await failure(bob.send(new GetFunctionCommand({ FunctionName: created.FunctionArn })));
    assert.equal(stillDenied.name, 'AccessDeniedException', 'the grant is for InvokeFunction only');
  });

  test('SQS: another account may send to a queue only once its Policy allows that account and action', async () => {
    const alice = new SQSClient(common(t.url, ALICE));
    const bob = new SQSClient(common(t.url, BOB));
    const { QueueUrl } = await alice.send(new CreateQueueCommand({ QueueName: 'inbox' }));
    const denied = await failure(bob.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hi' })));
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.status, 403);
    const arn = (await alice.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'sqs:SendMessage', Resource: arn }],
    });
    await alice.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy } }));
    await bob.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hi' }));
    const receive = await failure(bob.send(new ReceiveMessageCommand({ QueueUrl })));
    assert.equal(receive.name, 'AccessDenied', 'SendMessage was granted, ReceiveMessage was not');
    const got = await alice.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(got.Messages?.[0]?.Body, 'hi');
  });

  test('S3: another account and anonymous callers reach a bucket only as far as its policy allows', async () => {
    const alice = new S3Client(common(t.url, ALICE));
    const bob = new S3Client(common(t.url, BOB));
    await alice.send(new CreateBucketCommand({ Bucket: 'alice-site' }));
    await alice.send(new PutObjectCommand({ Bucket: 'alice-site', Key: 'public/index.html', Body: '<h1>hi</h1>' }));
    await alice.send(new PutObjectCommand({ Bucket: 'alice-site', Key: 'private/secret.txt', Body: 'secret' }));
    assert.equal((await failure(bob.send(new GetObjectCommand({ Bucket: 'alice-site', Key: 'public/index.html' })))).name, 'AccessDenied');
    assert.equal(
      (await failure(bob.send(new CopyObjectCommand({ Bucket: 'bob-copy', Key: 'x', CopySource: 'alice-site/private/secret.txt' })))).name,
      'NoSuchBucket',
    );
    assert.equal((await fetch(`${t.url}/alice-site/public/index.html`)).status, 403);
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::alice-site/public/*' },
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::222222222222:root' },
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: 'arn:aws:s3:::alice-site/*',
        },
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::alice-site/private/*' },
      ],
    });
    await alice.send(new PutBucketPolicyCommand({ Bucket: 'alice-site', Policy }));
    const anonymous = await fetch(`${t.url}/alice-site/public/index.html`);
    assert.equal(anonymous.status, 200);
    assert.equal(await anonymous.text(), '<h1>hi</h1>');
    assert.equal((await fetch(`${t.url}/alice-site/private/secret.txt`)).status, 403);
    assert.equal((await fetch(`${t.url}/alice-site/`)).status, 403, 'listing was not granted');
    const read = await bob.send(new GetObjectCommand({ Bucket: 'alice-site', Key: 'public/index.html' }));
    assert.equal(await read.Body!.transformToString(), '<h1>hi</h1>');
    await bob.send(new PutObjectCommand({ Bucket: 'alice-site', Key: 'drop/from-bob.txt', Body: 'bob was here' }));
    assert.equal(
      (await failure(bob.send(new GetObjectCommand({ Bucket: 'alice-site', Key: 'private/secret.txt' })))).name,
      'AccessDenied',
      'an explicit Deny wins',
    );
    await bob.send(new CreateBucketCommand({ Bucket: 'bob-copy' }));
    assert.equal(
      (await failure(bob.send(new CopyObjectCommand({ Bucket: 'bob-copy', Key: 'x', CopySource: 'alice-site/private/secret.txt' })))).name,
      'AccessDenied',
      'nor can a copy read it',
    );
    await bob.send(new CopyObjectCommand({ Bucket: 'bob-copy', Key: 'y', CopySource: 'alice-site/public/index.html' }));
  });

  test('an AWS_IAM function URL: the owner’s signature works, another account’s only once InvokeFunctionUrl is granted', async () => {
    const alice = new LambdaClient(common(t.url, ALICE));
    await alice.send(
      new CreateFunctionCommand({
        FunctionName: 'iam-url',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': 'exports.handler = async () => "ok";' }) },
      }),
    );
    const { FunctionUrl } = await alice.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'iam-url', AuthType: 'AWS_IAM' }));
    assert.equal(await signedUrlGet(FunctionUrl!, ALICE), 200);
    assert.equal(await signedUrlGet(FunctionUrl!, { ...ALICE, secretAccessKey: 'guess' }), 403);
    assert.equal(await signedUrlGet(FunctionUrl!, BOB), 403);
    await alice.send(
      new AddPermissionCommand({
        FunctionName: 'iam-url',
        StatementId: 'bob-url',
        Action: 'lambda:InvokeFunctionUrl',
        Principal: '222222222222',
        FunctionUrlAuthType: 'AWS_IAM',
      }),
    );
    assert.equal(await signedUrlGet(FunctionUrl!, BOB), 200);
  });

  test("Lambda: another account's layer held here cannot be used (no layer permission grants it)", async () => {
    const alice = new LambdaClient(common(t.url, ALICE));
    const bob = new LambdaClient(common(t.url, BOB));
    const layer = await alice.send(
      new PublishLayerVersionCommand({ LayerName: 'alice-lib', Content: { ZipFile: zipOf({ 'nodejs/node_modules/lib/index.js': 'module.exports = 1;' }) } }),
    );
    const code = { ZipFile: zipOf({ 'index.js': 'exports.handler = async () => 1;' }) };
    const denied = await failure(
      bob.send(
        new CreateFunctionCommand({
          FunctionName: 'bobs',
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: code,
          Layers: [layer.LayerVersionArn!],
        }),
      ),
    );
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /lambda:GetLayerVersion on resource: arn:aws:lambda:us-east-1:111111111111:layer:alice-lib:1/);
    await alice.send(
      new CreateFunctionCommand({
        FunctionName: 'alices-own',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: code,
        Layers: [layer.LayerVersionArn!],
      }),
    );
  });
});
