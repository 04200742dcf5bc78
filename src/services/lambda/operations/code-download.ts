import fs from 'node:fs';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { LambdaContext } from '../context.js';
import { notFound } from '../errors.js';
import type { StoredCode } from '../model.js';

/** Where GetFunction's `Code.Location` points: the stored zip, served by this endpoint. */
export const CODE_DOWNLOAD_PREFIX = '/_tributary-lambda/code/';

export function codeLocation(lambda: LambdaContext, code: StoredCode): string {
  if (code.hotReloadDir) return `file://${code.hotReloadDir}`;
  return `${lambda.deps.endpointUrl()}${CODE_DOWNLOAD_PREFIX}${code.blobId}.zip`;
}

/** Downloads a deployment package, as the presigned S3 URL of `Code.Location` does on AWS. */
export const downloadCode = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'DownloadFunctionCode',
  method: 'GET',
  path: `${CODE_DOWNLOAD_PREFIX}{Package}`,
  async run(request) {
    const blobId = request.params.Package!.replace(/\.zip$/, '');
    const file = /^[0-9a-f]{64}$/.test(blobId) ? lambda.code.zipPath(blobId) : undefined;
    if (!file) throw notFound('The specified key does not exist.');
    return { headers: { 'Content-Type': 'application/zip' }, body: await fs.promises.readFile(file) };
  },
});
