/**
 * The `@connections` API (service `execute-api`): `POST /{stage}/@connections/{id}` sends data to
 * the client, `GET` describes the connection, `DELETE` closes it; a connection that is not open is
 * a 410 GoneException.
 */
import { readBody } from '../../../protocols/http.js';
import { AwsError } from '../../../protocols/aws-error.js';
import type { HttpExchange, RequestContext } from '../../../server/request-context.js';
import type { ApiGatewayV2Env } from '../context.js';
import type { ApiRow } from '../store.js';
import type { WebSocketApis } from './server.js';

const CONNECTION_PATH = /^\/([^/]+)\/@connections\/([^/]+)\/?$/;
/** PostToConnection takes up to 128 KB. */
const MAX_DATA = 128 * 1024;

export async function serveManagementApi(
  apis: WebSocketApis,
  _env: ApiGatewayV2Env,
  exchange: HttpExchange,
  ctx: RequestContext,
  api: ApiRow,
  path: string,
): Promise<void> {
  const { req, res } = exchange;
  const reply = (status: number, body?: unknown, errorType?: string) => {
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { 'x-amzn-RequestId': ctx.requestId, 'content-length': bytes.length };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (errorType) {
      headers['x-amzn-ErrorType'] = errorType;
      ctx.errorCode = errorType;
    }
    res.writeHead(status, headers);
    res.end(bytes);
  };
  const m = CONNECTION_PATH.exec(path.replace('/%40connections/', '/@connections/'));
  if (!m) {
    req.resume();
    return reply(403, { message: 'Forbidden' }, 'ForbiddenException');
  }
  const connectionId = decodeURIComponent(m[2]!);
  const connection = apis.connections.get(connectionId);
  const live =
    connection &&
    connection.facts.apiId === api.apiId &&
    connection.facts.stage === decodeURIComponent(m[1]!) &&
    connection.socket.readyState === connection.socket.OPEN;
  const method = req.method ?? 'GET';
  ctx.operation = method === 'POST' ? 'PostToConnection' : method === 'GET' ? 'GetConnection' : method === 'DELETE' ? 'DeleteConnection' : 'unknown';
  if (ctx.operation === 'unknown') {
    req.resume();
    return reply(403, { message: 'Forbidden' }, 'ForbiddenException');
  }
  let data: Buffer = Buffer.alloc(0);
  try {
    data = await readBody(req, MAX_DATA, () => new AwsError('PayloadTooLargeException', 'Payload too large', 413));
  } catch {
    return reply(413, { message: 'Message too long' }, 'PayloadTooLargeException');
  }
  if (!connection || !live) return reply(410, { message: null }, 'GoneException');
  if (method === 'GET') return reply(200, apis.describe(connection));
  if (method === 'DELETE') {
    connection.socket.close(1000, 'Going away');
    return reply(204);
  }
  const text = data.toString('utf8');
  // Valid UTF-8 goes as a text frame, anything else as binary.
  connection.socket.send(Buffer.from(text, 'utf8').equals(data) ? text : data);
  return reply(200);
}
