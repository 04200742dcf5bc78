/**
 * The one error idiom of every service: throw an AwsError; the protocol codec renders it in the
 * wire format of the request (REST-JSON, JSON 1.0/1.1, query, REST-XML).
 */
export type FaultType = 'Sender' | 'Receiver';

export class AwsError extends Error {
  constructor(
    /** AWS error code, e.g. `ResourceNotFoundException`. */
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members of the error body (e.g. Lambda's `Type`, `Reason`). */
    readonly fields: Record<string, unknown> = {},
    readonly fault: FaultType = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export function isAwsError(err: unknown): err is AwsError {
  return err instanceof AwsError;
}

/** An unexpected failure, rendered as AWS renders its own internal errors. */
export function internalError(err: unknown): AwsError {
  const message = err instanceof Error ? err.message : String(err);
  return new AwsError('ServiceException', `Internal error: ${message}`, 500);
}
