/**
 * Browser-form uploads (POST Object) as AWS answers them (issue 11): the policy document's shape
 * (ISO 8601 expiration, a `conditions` list by that exact name, content-length-range with both
 * bounds), the `tagging` and `x-amz-checksum-*` fields, and the 201 body.
 * Sources: AWS S3 API reference "POST Object" / "Creating a POST policy"; Ceph s3-tests (run
 * against AWS) expect 400 for a missing/capitalised conditions list and a one-bound range.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { s3Client } from './helpers.js';
import zlib from 'node:zlib';

const future = () => new Date(Date.now() + 3600_000).toISOString();

function crc32(text: string): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(zlib.crc32(Buffer.from(text)) >>> 0);
  return b.toString('base64');
}

describe('S3 fidelity: POST object forms', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);
  const Bucket = 'fidelity-post';

  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }));
  });

  async function post(fields: Record<string, string>, policy?: unknown, file = 'form body'): Promise<{ status: number; text: string; headers: Headers }> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (policy !== undefined) {
      form.append('policy', Buffer.from(JSON.stringify(policy)).toString('base64'));
      form.append('x-amz-credential', 'test/20260101/us-east-1/s3/aws4_request');
      form.append('x-amz-algorithm', 'AWS4-HMAC-SHA256');
      form.append('x-amz-date', '20260101T000000Z');
      form.append('x-amz-signature', 'abc');
    }
    form.append('file', new Blob([file]), 'f.txt');
    const res = await fetch(`${t.url}/${Bucket}`, { method: 'POST', body: form });
    return { status: res.status, text: await res.text(), headers: res.headers };
  }

  const code = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
  const message = (xml: string) => /<Message>([^<]*)<\/Message>/.exec(xml)?.[1]?.replace(/&apos;/g, "'");
  const covered = (key: string) => [
    { bucket: Bucket },
    ['eq', '$key', key],
    ['starts-with', '$x-amz-credential', ''],
    ['starts-with', '$x-amz-algorithm', ''],
    ['starts-with', '$x-amz-date', ''],
  ];

  test('an expiration that is not an ISO 8601 timestamp is 400 InvalidPolicyDocument', async () => {
    const r = await post({ key: 'late' }, { expiration: 'tomorrow', conditions: covered('late') });
    assert.equal(r.status, 400);
    assert.equal(code(r.text), 'InvalidPolicyDocument');
    assert.equal(message(r.text), "Invalid Policy: Invalid 'expiration' value: 'tomorrow'");
    const dateOnly = await post({ key: 'late' }, { expiration: '2099-01-01', conditions: covered('late') });
    assert.equal(dateOnly.status, 400);
    assert.equal(code(dateOnly.text), 'InvalidPolicyDocument');
  });

  test('a policy without `conditions` (or with it capitalised) is 400 InvalidPolicyDocument', async () => {
    const missing = await post({ key: 'c' }, { expiration: future() });
    assert.equal(missing.status, 400);
    assert.equal(code(missing.text), 'InvalidPolicyDocument');
    assert.equal(message(missing.text), 'Invalid Policy: Policy missing conditions.');
    const capitalised = await post({ key: 'c' }, { expiration: future(), CONDITIONS: covered('c') });
    assert.equal(capitalised.status, 400);
    assert.equal(code(capitalised.text), 'InvalidPolicyDocument');
    const capitalisedExpiration = await post({ key: 'c' }, { EXPIRATION: future(), conditions: covered('c') });
    assert.equal(capitalisedExpiration.status, 400);
    assert.equal(message(capitalisedExpiration.text), 'Invalid Policy: Policy missing expiration.');
  });

  test('content-length-range with one bound is 400 InvalidPolicyDocument; with both it limits the file', async () => {
    const one = await post({ key: 'r' }, { expiration: future(), conditions: [...covered('r'), ['content-length-range', 0]] });
    assert.equal(one.status, 400);
    assert.equal(code(one.text), 'InvalidPolicyDocument');
    const negative = await post({ key: 'r' }, { expiration: future(), conditions: [...covered('r'), ['content-length-range', -1, 10]] });
    assert.equal(negative.status, 400);
    const both = await post({ key: 'r' }, { expiration: future(), conditions: [...covered('r'), ['content-length-range', 0, 100]] });
    assert.equal(both.status, 204);
  });

  test('the `tagging` field tags the object', async () => {
    const tagging = '<Tagging><TagSet><Tag><Key>team</Key><Value>blue</Value></Tag><Tag><Key>tier</Key><Value>1</Value></Tag></TagSet></Tagging>';
    const r = await post({ key: 'tagged', tagging });
    assert.equal(r.status, 204);
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'tagged' }));
    assert.deepEqual(tags.TagSet, [
      { Key: 'team', Value: 'blue' },
      { Key: 'tier', Value: '1' },
    ]);
    const bad = await post({ key: 'tagged2', tagging: '<Tagging><TagSet>' });
    assert.equal(bad.status, 400);
    assert.equal(code(bad.text), 'MalformedXML');
  });

  test('an x-amz-checksum-* field is checked against the file and stored', async () => {
    const ok = await post({ key: 'summed', 'x-amz-checksum-crc32': crc32('checked body') }, undefined, 'checked body');
    assert.equal(ok.status, 204);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'summed', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumCRC32, crc32('checked body'));
    const wrong = await post({ key: 'summed2', 'x-amz-checksum-crc32': crc32('something else') }, undefined, 'checked body');
    assert.equal(wrong.status, 400);
    assert.equal(code(wrong.text), 'BadDigest');
    assert.equal(message(wrong.text), 'The CRC32 you specified did not match the calculated checksum.');
  });

  test('success_action_status=201 answers a PostResponse document with Location, Bucket, Key and ETag', async () => {
    const r = await post({ key: 'created', success_action_status: '201' });
    assert.equal(r.status, 201);
    assert.match(r.headers.get('content-type') ?? '', /xml/);
    const etag = r.headers.get('etag');
    assert.ok(etag);
    assert.match(r.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\s*<PostResponse/);
    assert.match(r.text, new RegExp(`<Location>http://[^<]+/${Bucket}/created</Location>`));
    assert.match(r.text, new RegExp(`<Bucket>${Bucket}</Bucket>\\s*<Key>created</Key>\\s*<ETag>${etag!.replace(/"/g, '(&quot;|")')}</ETag>`));
  });
});
