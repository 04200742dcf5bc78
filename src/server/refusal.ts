import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../protocols/http.js';
import { xmlEscape } from '../protocols/query.js';
import type { Refusal } from './guards.js';

/**
 * Writes a refusal the endpoint makes before any service runs, in the shape the caller's protocol
 * reads: S3's XML `<Error>`, the query protocol's `<ErrorResponse>` (form bodies), JSON otherwise.
 */
export function writeRefusal(req: IncomingMessage, res: ServerResponse, refusal: Refusal, requestId: string, serviceName?: string): void {
  req.resume();
  const code = xmlEscape(refusal.code);
  const message = xmlEscape(refusal.message);
  if (serviceName === 's3') {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`;
    send(res, refusal.status, { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId }, body);
    return;
  }
  if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    const body =
      `<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message><Detail/></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    send(res, refusal.status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId }, body);
    return;
  }
  const body = JSON.stringify({ __type: refusal.code, message: refusal.message });
  send(res, refusal.status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': refusal.code, 'x-amzn-RequestId': requestId }, body);
}
