import { AwsError, internalError, isAwsError } from './aws-error.js';
import { readBody, send } from './http.js';
import { jsonRpcMalformedBody, parseJsonBody } from './json-body.js';
import type { HttpExchange, RequestContext } from '../server/request-context.js';

/**
 * The AWS JSON 1.0 / 1.1 protocols: `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and a JSON body.
 * Errors are `{"__type": "<code>", "message": "..."}` with `x-amzn-ErrorType`.
 */
export type JsonOperation = (input: Record<string, unknown>, ctx: RequestContext) => Promise<Record<string, unknown> | undefined>;

export interface JsonRpcOptions {
  /** `application/x-amz-json-1.0` or `-1.1`. */
  contentType: string;
  maxBodyBytes: number;
  /** The error type as rendered in `__type` (some services prefix a namespace). */
  errorType?: (err: AwsError) => string;
  /** Extra response headers for an error, e.g. SQS's `x-amzn-query-error`. */
  errorHeaders?: (err: AwsError) => Record<string, string>;
}

export class JsonRpcCodec {
  constructor(
    private readonly operations: Readonly<Record<string, JsonOperation>>,
    private readonly options: JsonRpcOptions,
  ) {}

  async handle(exchange: HttpExchange, ctx: RequestContext): Promise<void> {
    try {
      const target = String(exchange.req.headers['x-amz-target'] ?? '');
      const name = target.slice(target.indexOf('.') + 1);
      ctx.operation = name;
      const operation = Object.hasOwn(this.operations, name) ? this.operations[name] : undefined;
      if (!operation) throw new AwsError('UnknownOperationException', `Unknown operation ${target}`, 400);
      const raw = await readBody(exchange.req, this.options.maxBodyBytes, () => new AwsError('RequestTooLargeException', 'Request is too large', 413));
      const input = parseJsonBody(raw, jsonRpcMalformedBody);
      const output = (await operation(input, ctx)) ?? {};
      send(exchange.res, 200, { 'x-amzn-RequestId': ctx.requestId, 'Content-Type': this.options.contentType }, JSON.stringify(output));
    } catch (err) {
      this.writeError(exchange, ctx, isAwsError(err) ? err : internalError(err));
    }
  }

  writeError(exchange: HttpExchange, ctx: RequestContext, err: AwsError): void {
    const type = this.options.errorType?.(err) ?? err.code;
    send(
      exchange.res,
      err.status,
      {
        'x-amzn-RequestId': ctx.requestId,
        'x-amzn-ErrorType': type,
        'Content-Type': this.options.contentType,
        ...this.options.errorHeaders?.(err),
      },
      JSON.stringify({ __type: type, message: err.message, ...err.fields }),
    );
  }
}
