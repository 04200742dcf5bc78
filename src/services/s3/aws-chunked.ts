import { Transform, type TransformCallback } from 'node:stream';
import { AwsError } from '../../protocols/aws-error.js';

/**
 * Decodes the `aws-chunked` content encoding of SigV4 streaming uploads:
 * `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0[;...]\r\n<trailer: value>\r\n...\r\n`.
 * Chunk signatures are dropped (Tributary does not verify signatures); trailers are collected.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers: Record<string, string> = {};
  private state: 'size' | 'data' | 'crlf' | 'trailer' | 'done' = 'size';
  private line = '';
  private remaining = 0;
  private crlfLeft = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state === 'trailer' && this.line.trim() !== '') this.addTrailer(this.line);
    if (this.state === 'size' || this.state === 'data' || this.state === 'crlf') {
      callback(new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400));
      return;
    }
    callback();
  }

  private consume(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      switch (this.state) {
        case 'size':
        case 'trailer': {
          const newline = chunk.indexOf(0x0a, offset);
          const end = newline < 0 ? chunk.length : newline;
          this.line += chunk.toString('latin1', offset, end);
          offset = end;
          if (newline < 0) break;
          offset += 1;
          const line = this.line.replace(/\r$/, '');
          this.line = '';
          if (this.state === 'size') this.startChunk(line);
          else if (line === '') this.state = 'done';
          else this.addTrailer(line);
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, chunk.length - offset);
          this.push(chunk.subarray(offset, offset + take));
          offset += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            this.state = 'crlf';
            this.crlfLeft = 2;
          }
          break;
        }
        case 'crlf': {
          const take = Math.min(this.crlfLeft, chunk.length - offset);
          offset += take;
          this.crlfLeft -= take;
          if (this.crlfLeft === 0) this.state = 'size';
          break;
        }
        case 'done':
          return;
      }
    }
  }

  private startChunk(line: string): void {
    if (line === '') return;
    const size = Number.parseInt(line.split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) throw new AwsError('InvalidRequest', 'Invalid chunk size in aws-chunked body', 400);
    if (size === 0) {
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.state = 'data';
  }

  private addTrailer(line: string): void {
    const colon = line.indexOf(':');
    if (colon > 0) this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
}

export function isAwsChunked(headers: { [name: string]: string | string[] | undefined }): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** The Content-Encoding to store: the request's, without `aws-chunked`. */
export function storedContentEncoding(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const rest = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked');
  return rest.length ? rest.join(', ') : undefined;
}
