import { AwsError } from './aws-error.js';

/**
 * A request's JSON body as an object: an empty body is `{}`; anything that is not a JSON object is
 * the protocol's serialization error, never `{}`.
 */
export function parseJsonBody(body: Buffer, malformed: (detail: string) => AwsError = restJsonMalformedBody): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformed(jacksonDetail(body.toString('utf8')));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed('Start of structure or map found where not expected.');
  return value as Record<string, unknown>;
}

/** Lambda's REST-JSON answer to a body that is not JSON (AWS parses it with Jackson). */
export function restJsonMalformedBody(detail: string): AwsError {
  return new AwsError('InvalidRequestContentException', `Could not parse request body into json: ${detail}`, 400);
}

/** The JSON 1.0/1.1 protocols' answer (SQS, DynamoDB, ...). */
export function jsonRpcMalformedBody(): AwsError {
  return new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
}

function jacksonDetail(text: string): string {
  const token = /^\s*([^\s{}[\]",:]+)/.exec(text)?.[1];
  return token
    ? `Unrecognized token '${token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`
    : 'Unexpected character: was expecting a valid JSON object';
}
