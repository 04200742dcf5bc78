import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { S3Errors } from './errors.js';

export interface FormUpload {
  /** Form fields before the file, names lower-cased. */
  fields: Record<string, string>;
  filename: string;
  fileContentType?: string;
  /** The file's bytes, streamed; must be consumed. */
  file: Readable;
}

const MAX_FIELDS_BYTES = 1024 * 1024;

function partHeaders(block: string): { name?: string; filename?: string; contentType?: string } {
  const disposition = /content-disposition:[^\r\n]*/i.exec(block)?.[0] ?? '';
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
  const contentType = /content-type:\s*([^\r\n]*)/i.exec(block)?.[1]?.trim();
  return { name, filename, contentType };
}

/**
 * Reads a browser-form upload (multipart/form-data): buffers the small fields that precede the
 * `file` field, then streams the file part up to the closing boundary without holding it.
 */
export function readFormUpload(req: IncomingMessage): Promise<FormUpload> {
  const boundary = /boundary="?([^";]+)"?/i.exec(String(req.headers['content-type'] ?? ''))?.[1];
  if (!boundary) return Promise.reject(S3Errors.invalidArgument('POST requires exactly one file upload per request.', 'file', '0'));
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const fields: Record<string, string> = {};
    let file: PassThrough | undefined;
    let tail = Buffer.alloc(0);
    let fileDone = false;

    const streamFile = (chunk: Buffer) => {
      if (fileDone) return;
      const data = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      const at = data.indexOf(delimiter);
      if (at >= 0) {
        file!.end(data.subarray(0, at));
        fileDone = true;
        return;
      }
      const keep = Math.min(data.length, delimiter.length - 1);
      file!.write(data.subarray(0, data.length - keep));
      tail = Buffer.from(data.subarray(data.length - keep));
    };

    const parseFields = () => {
      for (;;) {
        const start = buffered.indexOf(opening);
        if (start < 0) return;
        const headerEnd = buffered.indexOf('\r\n\r\n', start);
        if (headerEnd < 0) return;
        const { name, filename, contentType } = partHeaders(buffered.toString('utf8', start + opening.length, headerEnd));
        const bodyStart = headerEnd + 4;
        if (name?.toLowerCase() === 'file') {
          file = new PassThrough();
          // The consumer may not be reading yet (the policy is checked first) when the body fails.
          file.on('error', () => {});
          resolve({ fields, filename: filename ?? '', fileContentType: contentType, file });
          const rest = buffered.subarray(bodyStart);
          buffered = Buffer.alloc(0);
          streamFile(rest);
          return;
        }
        const end = buffered.indexOf(delimiter, bodyStart);
        if (end < 0) return;
        if (name) fields[name.toLowerCase()] = buffered.toString('utf8', bodyStart, end);
        buffered = buffered.subarray(end + 2);
      }
    };

    req.on('data', (chunk: Buffer) => {
      if (file) {
        streamFile(chunk);
        return;
      }
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > MAX_FIELDS_BYTES) {
        req.destroy();
        reject(S3Errors.invalidArgument('POST form fields exceed the maximum allowed size.', 'file', '0'));
        return;
      }
      parseFields();
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (!file) reject(S3Errors.invalidArgument('POST requires exactly one file upload per request.', 'file', '0'));
      // A body that ends before the file's closing boundary is not a complete form: nothing is stored.
      else if (!fileDone) file.destroy(S3Errors.malformedPostRequest());
    });
    req.on('close', () => {
      if (ended || fileDone) return;
      if (file) file.destroy(S3Errors.incompleteBody());
      else reject(S3Errors.incompleteBody());
    });
    req.on('error', (err) => (file ? file.destroy(err) : reject(err)));
  });
}
