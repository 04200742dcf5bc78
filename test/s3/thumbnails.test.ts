import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { run, s3Client } from './helpers.js';

// The seed's example: a Python handler with boto3 and Pillow, Pillow vendored into the zip as users do.
const PYTHON = 'python3.11';
const HANDLER = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'thumbnails', 'lambda_function.py');
// pip's work is kept between runs; a fresh checkout downloads Pillow once.
const VENDOR_DIR = path.join(os.tmpdir(), `tributary-pillow-${PYTHON}`);

async function vendorPillow(): Promise<string> {
  if (fs.existsSync(path.join(VENDOR_DIR, 'PIL', '__init__.py'))) return VENDOR_DIR;
  const staging = `${VENDOR_DIR}.${process.pid}`;
  const pip = await run(PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', staging, 'Pillow'], { timeoutMs: 180_000 });
  assert.equal(pip.code, 0, pip.stderr);
  fs.renameSync(staging, VENDOR_DIR);
  return VENDOR_DIR;
}

/** Image facts read with Pillow from the vendored directory: format and size. */
async function describeImage(vendor: string, file: string): Promise<{ format: string; width: number; height: number }> {
  const out = await run(
    PYTHON,
    [
      '-c',
      'import sys, json; from PIL import Image; i = Image.open(sys.argv[1]); print(json.dumps({"format": i.format, "width": i.size[0], "height": i.size[1]}))',
      file,
    ],
    {
      env: { ...process.env, PYTHONPATH: vendor },
    },
  );
  assert.equal(out.code, 0, out.stderr);
  return JSON.parse(out.stdout);
}

describe('the seed example: S3 thumbnails with Pillow', () => {
  let t: TestTributary;
  let s3: S3Client;
  let work: string;
  let vendor: string;

  before(async () => {
    vendor = await vendorPillow();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'thumbnails-'));
    t = await startTributary();
    s3 = s3Client(t.url);
  });
  after(async () => {
    await t.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('uploading images/photo.jpg produces thumbnails/photo.jpg no larger than 200x200', async () => {
    const zip = new AdmZip();
    zip.addLocalFolder(vendor);
    zip.addLocalFile(HANDLER);
    const lambda = new LambdaClient({ ...clientConfig(t.url), maxAttempts: 1 });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'thumbnailer',
        Runtime: PYTHON,
        Handler: 'lambda_function.handler',
        Role: 'arn:aws:iam::123456789012:role/lambda-role',
        Code: { ZipFile: zip.toBuffer() },
        Timeout: 30,
        MemorySize: 512,
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'thumbnailer' });

    await s3.send(new CreateBucketCommand({ Bucket: 'my-uploads' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'my-uploads',
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:thumbnailer',
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'images/' }] } },
            },
          ],
        },
      }),
    );

    const photo = path.join(work, 'photo.jpg');
    const made = await run(PYTHON, ['-c', 'import sys; from PIL import Image; Image.new("RGB", (1200, 800), (200, 80, 40)).save(sys.argv[1], "JPEG")', photo], {
      env: { ...process.env, PYTHONPATH: vendor },
    });
    assert.equal(made.code, 0, made.stderr);
    await s3.send(new PutObjectCommand({ Bucket: 'my-uploads', Key: 'images/photo.jpg', Body: fs.readFileSync(photo), ContentType: 'image/jpeg' }));

    const thumbnail = await eventually(
      async () => {
        try {
          const got = await s3.send(new GetObjectCommand({ Bucket: 'my-uploads', Key: 'thumbnails/photo.jpg' }));
          return Buffer.from(await got.Body!.transformToByteArray());
        } catch (err: any) {
          if (err.name === 'NoSuchKey') return undefined;
          throw err;
        }
      },
      30_000,
      'thumbnails/photo.jpg',
    );
    const file = path.join(work, 'thumb.jpg');
    fs.writeFileSync(file, thumbnail);
    const facts = await describeImage(vendor, file);
    assert.equal(facts.format, 'JPEG');
    assert.ok(facts.width <= 200 && facts.height <= 200, `${facts.width}x${facts.height}`);
    assert.deepEqual([facts.width, facts.height], [200, 133]);
  });
});
