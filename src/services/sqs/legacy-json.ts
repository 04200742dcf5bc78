import type { AwsError } from '../../protocols/aws-error.js';

/**
 * SQS's legacy JSON rendering of query-protocol responses, chosen by `Accept: application/json`
 * (what API Gateway's SQS integrations receive). AWS serializes the result object with every
 * member present (absent ones as null) in alphabetical order, and the envelope as
 * `{"<Op>Response":{"<Op>Result":{...},"ResponseMetadata":{"RequestId":"..."}}}`; ReceiveMessage's
 * list is `messages` (null when empty) with each message's seven members.
 */
const RESULT_MEMBERS: Record<string, readonly string[]> = {
  SendMessage: ['MD5OfMessageAttributes', 'MD5OfMessageBody', 'MD5OfMessageSystemAttributes', 'MessageId', 'SequenceNumber'],
};
const MESSAGE_MEMBERS = ['Attributes', 'Body', 'MD5OfBody', 'MD5OfMessageAttributes', 'MessageAttributes', 'MessageId', 'ReceiptHandle'];

export function legacyJsonResponse(action: string, output: Record<string, unknown> | undefined, requestId: string): string {
  const response: Record<string, unknown> = {};
  const result = legacyResult(action, output);
  if (result !== undefined) response[`${action}Result`] = result;
  response.ResponseMetadata = { RequestId: requestId };
  return JSON.stringify({ [`${action}Response`]: sorted(response) });
}

export function legacyJsonError(err: AwsError, code: string, requestId: string): string {
  return JSON.stringify({ Error: { Code: code, Message: err.message, Type: err.fault }, RequestId: requestId });
}

function legacyResult(action: string, output: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (action === 'ReceiveMessage') {
    const messages = (output?.Messages as Record<string, unknown>[] | undefined) ?? [];
    return { messages: messages.length === 0 ? null : messages.map((m) => withMembers(m, MESSAGE_MEMBERS)) };
  }
  if (!output) return undefined;
  const members = RESULT_MEMBERS[action];
  return members ? withMembers(output, members) : sorted(output);
}

function withMembers(value: Record<string, unknown>, members: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of members) out[name] = value[name] ?? null;
  return out;
}

function sorted(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = value[key];
  return out;
}
