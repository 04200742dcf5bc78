import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AwsError } from '../protocols/aws-error.js';
import { send } from '../protocols/http.js';

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An authentication refusal in the protocol of the service the request was for. */
export function sendRefusal(req: IncomingMessage, res: ServerResponse, service: string, error: AwsError, requestId: string): void {
  req.resume();
  if (service === 's3') {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message><RequestId>${requestId}</RequestId></Error>`;
    send(res, error.status, { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId }, xml);
    return;
  }
  if ((service === 'sqs' || service === 'sts') && typeof req.headers['x-amz-target'] !== 'string') {
    const namespace = service === 'sts' ? 'https://sts.amazonaws.com/doc/2011-06-15/' : 'http://queue.amazonaws.com/doc/2012-11-05/';
    const xml = `<?xml version="1.0"?><ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message><Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    send(res, error.status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId }, xml);
    return;
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': error.code };
  if (service === 'sqs') headers['x-amzn-query-error'] = `${error.code};Sender`;
  send(
    res,
    error.status,
    headers,
    JSON.stringify(service === 'sqs' ? { __type: `com.amazon.coral.service#${error.code}`, message: error.message } : { message: error.message }),
  );
}
