import type { ServerResponse } from 'node:http';
import type { ResponseStreamSink } from '../../engine/types.js';
import type { GatewayOutcome } from '../../gateway/types.js';
import { send } from '../../protocols/http.js';

/** The content type of a stream that starts with an HTTP prelude (`awslambda.HttpResponseStream.from`). */
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
/** Ends the JSON prelude (status, headers, cookies); the body follows. */
const PRELUDE_DELIMITER = Buffer.alloc(8);
const MAX_PRELUDE = 64 * 1024;

export interface BufferedHttpResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * A `RESPONSE_STREAM` function URL: the response reaches the client as the function writes it.
 * A stream opened with `HttpResponseStream.from` carries its status and headers in a JSON prelude
 * ended by eight NUL bytes; any other stream is a 200 of its content type. A handler that does not
 * stream answers as a buffered URL would. An error after the first byte cuts the response short.
 */
export async function streamToUrlClient(
  res: ServerResponse,
  invoke: (sink: ResponseStreamSink) => Promise<GatewayOutcome>,
  extraHeaders: Record<string, string>,
  buffered: (payload: Buffer) => BufferedHttpResult | undefined,
): Promise<GatewayOutcome> {
  let inPrelude = false;
  let prelude = Buffer.alloc(0);
  const head = (status: number, headers: Record<string, string | string[]>) => {
    if (res.headersSent) return;
    res.writeHead(status, { ...headers, ...extraHeaders });
    res.flushHeaders();
  };
  const endPrelude = (rest: Buffer) => {
    inPrelude = false;
    const meta = parsePrelude(prelude);
    prelude = Buffer.alloc(0);
    head(meta.status, meta.headers);
    if (rest.length > 0) res.write(rest);
  };
  const sink: ResponseStreamSink = {
    start(contentType) {
      if (contentType?.toLowerCase() === HTTP_INTEGRATION_CONTENT_TYPE) inPrelude = true;
      else head(200, { 'content-type': contentType ?? 'application/octet-stream' });
    },
    write(chunk) {
      if (res.destroyed) return;
      if (!inPrelude) {
        res.write(chunk);
        return;
      }
      prelude = Buffer.concat([prelude, chunk]);
      const end = prelude.indexOf(PRELUDE_DELIMITER);
      if (end >= 0) {
        const rest = prelude.subarray(end + PRELUDE_DELIMITER.length);
        prelude = prelude.subarray(0, end);
        endPrelude(Buffer.from(rest));
      } else if (prelude.length > MAX_PRELUDE) {
        // No delimiter within a prelude's size: it was body after all.
        inPrelude = false;
        head(200, { 'content-type': 'application/octet-stream' });
        res.write(prelude);
      }
    },
  };
  const outcome = await invoke(sink);
  if (outcome.kind === 'success' && outcome.streamed) {
    if (inPrelude) endPrelude(Buffer.alloc(0));
    head(200, { 'content-type': 'application/octet-stream' });
    res.end();
    return outcome;
  }
  if (res.headersSent) {
    // The status line went out already: the client sees the response end abruptly.
    res.destroy();
    return outcome;
  }
  const response = outcome.kind === 'success' ? buffered(outcome.payload) : undefined;
  if (outcome.kind === 'throttled') {
    send(res, 429, { 'Content-Type': 'application/json', ...extraHeaders }, JSON.stringify({ Message: 'Rate Exceeded.' }));
  } else if (!response) {
    send(res, 502, { 'Content-Type': 'text/plain; charset=utf-8', ...extraHeaders }, 'Internal Server Error');
  } else {
    res.writeHead(response.status, { ...response.headers, ...extraHeaders, 'Content-Length': response.body.length });
    res.end(response.body);
  }
  return outcome;
}

function parsePrelude(bytes: Buffer): { status: number; headers: Record<string, string | string[]> } {
  let meta: { statusCode?: unknown; headers?: Record<string, unknown>; cookies?: unknown[] } = {};
  try {
    meta = JSON.parse(bytes.toString('utf8') || '{}') as typeof meta;
  } catch {
    // An unreadable prelude: defaults.
  }
  const status = Number(meta.statusCode ?? 200);
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(meta.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (Array.isArray(meta.cookies) && meta.cookies.length > 0) headers['set-cookie'] = meta.cookies.map(String);
  headers['content-type'] ??= 'application/octet-stream';
  return { status: Number.isInteger(status) && status >= 100 && status <= 599 ? status : 200, headers };
}
