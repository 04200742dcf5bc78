import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { run, s3Client, s3Error } from './helpers.js';

describe('S3 buckets', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);
  const euS3 = clientPerSuite(t, (url) => s3Client(url, { region: 'eu-west-1' }));

  test('a created bucket is listed, found by HeadBucket and located in us-east-1', async () => {
    const created = await s3.send(new CreateBucketCommand({ Bucket: 'first-bucket' }));
    assert.equal(created.Location, '/first-bucket');
    const listed = await s3.send(new ListBucketsCommand({}));
    assert.ok(listed.Buckets?.some((b) => b.Name === 'first-bucket' && b.CreationDate instanceof Date));
    assert.match(listed.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'first-bucket' }));
    assert.equal(head.BucketRegion, 'us-east-1');
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'first-bucket' }));
    assert.equal(location.LocationConstraint, undefined);
  });

  test('a LocationConstraint places the bucket in that region', async () => {
    await euS3.send(new CreateBucketCommand({ Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'eu-bucket' }));
    assert.equal(location.LocationConstraint, 'eu-west-1');
    const head = await euS3.send(new HeadBucketCommand({ Bucket: 'eu-bucket' }));
    assert.equal(head.BucketRegion, 'eu-west-1');
  });

  test('creating outside us-east-1 without a LocationConstraint is IllegalLocationConstraintException', async () => {
    // The JS SDK fills in the client's region by itself; the CLI's s3api sends what it is given.
    const out = await run('aws', ['--endpoint-url', t.url, '--region', 'eu-west-1', 's3api', 'create-bucket', '--bucket', 'no-constraint']);
    assert.notEqual(out.code, 0);
    assert.match(
      out.stderr,
      /IllegalLocationConstraintException.*The unspecified location constraint is incompatible for the region specific endpoint this request was sent to\./,
    );
  });

  test('us-east-1 as an explicit LocationConstraint is InvalidLocationConstraint', async () => {
    const err = await s3Error(
      s3.send(new CreateBucketCommand({ Bucket: 'explicit-use1', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as any } })),
    );
    assert.equal(err.name, 'InvalidLocationConstraint');
    assert.equal(err.status, 400);
  });

  test('re-creating your own bucket succeeds in us-east-1 and is BucketAlreadyOwnedByYou elsewhere', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'first-bucket' }));
    const err = await s3Error(euS3.send(new CreateBucketCommand({ Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })));
    assert.equal(err.name, 'BucketAlreadyOwnedByYou');
    assert.equal(err.status, 409);
    assert.equal(err.error.BucketName, 'eu-bucket');
  });

  test('a bucket of another account is BucketAlreadyExists', async () => {
    const other = s3Client(t.url);
    other.config.credentials = async () => ({ accessKeyId: '210987654321', secretAccessKey: 'x' });
    const err = await s3Error(other.send(new CreateBucketCommand({ Bucket: 'first-bucket' })));
    assert.equal(err.name, 'BucketAlreadyExists');
    assert.equal(err.status, 409);
  });

  test('bucket names are validated as AWS validates them', async () => {
    for (const name of [
      'ab',
      'a'.repeat(64),
      'Upper-case',
      'under_score',
      '-leading',
      'trailing-',
      'two..dots',
      '192.168.1.1',
      'xn--punycode',
      'name-s3alias',
      'dot-.dash',
    ]) {
      const err = await s3Error(s3.send(new CreateBucketCommand({ Bucket: name })));
      assert.equal(err.name, 'InvalidBucketName', name);
      assert.equal(err.message, 'The specified bucket is not valid.');
      assert.equal(err.status, 400);
    }
    await s3.send(new CreateBucketCommand({ Bucket: 'valid.name-with.dots-123' }));
  });

  test('an unknown bucket is NoSuchBucket, and HeadBucket is a bare 404', async () => {
    const err = await s3Error(s3.send(new GetBucketLocationCommand({ Bucket: 'missing-bucket' })));
    assert.equal(err.name, 'NoSuchBucket');
    assert.equal(err.message, 'The specified bucket does not exist');
    assert.equal(err.error.BucketName, 'missing-bucket');
    assert.match(err.error.$metadata.requestId, /^[0-9A-F]{16}$/);
    const head = await s3Error(s3.send(new HeadBucketCommand({ Bucket: 'missing-bucket' })));
    assert.equal(head.name, 'NotFound');
    assert.equal(head.status, 404);
  });

  test('a bucket with objects is BucketNotEmpty; an empty one is deleted', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'to-delete' }));
    await s3.send(new PutObjectCommand({ Bucket: 'to-delete', Key: 'k', Body: 'v' }));
    const err = await s3Error(s3.send(new DeleteBucketCommand({ Bucket: 'to-delete' })));
    assert.equal(err.name, 'BucketNotEmpty');
    assert.equal(err.status, 409);
    assert.equal(err.message, 'The bucket you tried to delete is not empty');
    await s3.send(new CreateBucketCommand({ Bucket: 'empty-bucket' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'empty-bucket' }));
    assert.equal((await s3Error(s3.send(new HeadBucketCommand({ Bucket: 'empty-bucket' })))).status, 404);
  });

  test('versioning starts unset and can be enabled and suspended', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'versioned' }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'versioned' }))).Status, undefined);
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'versioned' }))).Status, 'Enabled');
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Suspended' } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'versioned' }))).Status, 'Suspended');
  });

  test("bucket tagging, policy and CORS are stored and returned (CORS also answers browsers); absent ones are AWS's NoSuch errors", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'configured' }));
    const noTags = await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: 'configured' })));
    assert.equal(noTags.name, 'NoSuchTagSet');
    assert.equal(noTags.status, 404);
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'configured', Tagging: { TagSet: [{ Key: 'team', Value: 'media' }] } }));
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: 'configured' }))).TagSet, [{ Key: 'team', Value: 'media' }]);
    assert.equal((await s3Error(s3.send(new GetBucketPolicyCommand({ Bucket: 'configured' })))).name, 'NoSuchBucketPolicy');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::configured/*' }],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'configured', Policy: policy }));
    assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: 'configured' }))).Policy, policy);
    assert.equal((await s3Error(s3.send(new GetBucketCorsCommand({ Bucket: 'configured' })))).name, 'NoSuchCORSConfiguration');
    await s3.send(new PutBucketCorsCommand({ Bucket: 'configured', CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] } }));
    const cors = await s3.send(new GetBucketCorsCommand({ Bucket: 'configured' }));
    assert.deepEqual(cors.CORSRules?.[0]?.AllowedMethods, ['GET']);
    const preflight = await fetch(`${t.url}/configured/page.html`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET');
    const refused = await fetch(`${t.url}/configured/page.html`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'DELETE' },
    });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /<Code>AccessForbidden<\/Code>/);
    await s3.send(new PutObjectCommand({ Bucket: 'configured', Key: 'page.html', Body: '<p>hi</p>' }));
    const fromBrowser = await fetch(`${t.url}/configured/page.html`, { headers: { Origin: 'http://localhost:3000' } });
    assert.equal(fromBrowser.headers.get('access-control-allow-origin'), '*');
    const noCors = await fetch(`${t.url}/first-bucket/x`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(noCors.status, 403);
    assert.match(await noCors.text(), /CORS is not enabled for this bucket\./);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'configured' }));
    assert.equal((await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: 'configured' })))).name, 'NoSuchTagSet');
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'configured' }));
    assert.equal(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
    const wrongOwner = await s3Error(s3.send(new GetBucketEncryptionCommand({ Bucket: 'configured', ExpectedBucketOwner: '999999999999' })));
    assert.equal(wrongOwner.name, 'AccessDenied');
    assert.equal(wrongOwner.status, 403);
    await s3.send(new GetBucketEncryptionCommand({ Bucket: 'configured', ExpectedBucketOwner: '123456789012' }));
    // New buckets block all public access until the configuration is deleted.
    const blocked = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'configured' }));
    assert.deepEqual(blocked.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'configured' }));
    assert.equal((await s3Error(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'configured' })))).name, 'NoSuchPublicAccessBlockConfiguration');
  });

  test('a malformed CreateBucketConfiguration is MalformedXML', async () => {
    const res = await fetch(`${t.url}/malformed-config`, { method: 'PUT', body: '<CreateBucketConfiguration><LocationConstraint>' });
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.match(text, /<Code>MalformedXML<\/Code>/);
    assert.match(text, /<Message>The XML you provided was not well-formed or did not validate against our published schema<\/Message>/);
    assert.match(text, /<RequestId>[0-9A-F]{16}<\/RequestId>/);
  });
});
