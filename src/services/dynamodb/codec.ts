/**
 * DynamoDB's flavour of JSON 1.0: errors carry a namespaced `__type`
 * (`com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`,
 * `com.amazon.coral.validate#ValidationException`), and every response carries `x-amz-crc32`,
 * the CRC32 of its body, which the SDKs verify.
 */
import zlib from 'node:zlib';
import { AwsError, isAwsError } from '../../protocols/aws-error.js';
import { readBody, send } from '../../protocols/http.js';
import { jsonRpcMalformedBody, parseJsonBody } from '../../protocols/json-body.js';
import type { HttpExchange, RequestContext } from '../../server/request-context.js';

export type JsonHandler = (input: Record<string, unknown>, ctx: RequestContext) => Promise<Record<string, unknown>>;

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const CORAL_SERVICE = new Set(['SerializationException', 'UnknownOperationException', 'AccessDeniedException', 'MissingAuthenticationTokenException']);
/** Errors whose message member AWS spells `Message`. */
const CAPITAL_MESSAGE = new Set(['TransactionCanceledException']);

let table: Int32Array | undefined;

export function crc32(data: Buffer): number {
  const native = (zlib as { crc32?: (d: Buffer) => number }).crc32;
  if (native) return native(data);
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = -1;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

export function errorType(code: string): string {
  if (code === 'ValidationException') return 'com.amazon.coral.validate#ValidationException';
  if (CORAL_SERVICE.has(code)) return `com.amazon.coral.service#${code}`;
  return `com.amazonaws.dynamodb.v20120810#${code}`;
}

export class DynamoDbCodec {
  constructor(
    private readonly operations: Readonly<Record<string, JsonHandler>>,
    private readonly maxBodyBytes: number,
    private readonly onInternalError: (err: unknown) => void = () => {},
  ) {}

  async handle(exchange: HttpExchange, ctx: RequestContext): Promise<void> {
    try {
      const target = String(exchange.req.headers['x-amz-target'] ?? '');
      const name = target.slice(target.indexOf('.') + 1);
      ctx.operation = name;
      const operation = Object.hasOwn(this.operations, name) ? this.operations[name] : undefined;
      if (!operation) throw new AwsError('UnknownOperationException', '', 400);
      const raw = await readBody(exchange.req, this.maxBodyBytes, () => new AwsError('ValidationException', 'Request size exceeded', 413));
      const input = parseJsonBody(raw, jsonRpcMalformedBody);
      this.write(exchange, ctx, 200, await operation(input, ctx));
    } catch (err) {
      if (!isAwsError(err)) this.onInternalError(err);
      const error = isAwsError(err) ? err : new AwsError('InternalServerError', 'Internal server error', 500);
      ctx.errorCode = error.code;
      const type = errorType(error.code);
      const messageKey = CAPITAL_MESSAGE.has(error.code) ? 'Message' : 'message';
      this.write(exchange, ctx, error.status, { __type: type, ...error.fields, [messageKey]: error.message }, type);
    }
  }

  private write(exchange: HttpExchange, ctx: RequestContext, status: number, body: Record<string, unknown>, errorType?: string): void {
    const payload = Buffer.from(JSON.stringify(body));
    send(
      exchange.res,
      status,
      {
        'x-amzn-RequestId': ctx.requestId,
        'x-amz-crc32': crc32(payload),
        'Content-Type': CONTENT_TYPE,
        ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
      },
      payload,
    );
  }
}
