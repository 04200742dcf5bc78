import type { ResolvedFunction } from '../../src/gateway/types.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { awsTargetRequested } from './parity.js';

/** The execution role every test function is created with; against real AWS, one that exists there. */
export const ROLE = (awsTargetRequested() && process.env.TRIBUTARY_TEST_ROLE_ARN) || 'arn:aws:iam::123456789012:role/lambda-role';

/** A deployment package (zip) holding `files`, name to text. */
export function zipOf(files: Record<string, string>): Buffer {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return zip.toBuffer();
}

/** A fresh directory under the OS temp dir. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A resolved function `f` (`$LATEST`) in the default account and region, as the gateway hands one out. */
export function resolvedFunction(overrides: Partial<ResolvedFunction> = {}): ResolvedFunction {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    functionName: 'f',
    unqualifiedArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    qualifiedArn: 'arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST',
    version: '$LATEST',
    ...overrides,
  };
}
