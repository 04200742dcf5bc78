// The Lambda Runtime API as seen from inside the function: one keep-alive connection to
// http://$AWS_LAMBDA_RUNTIME_API/2018-06-01, one request at a time.
//
// HTTP/1.1 is spoken directly on the socket rather than through node:http: a no-op invocation
// is two requests, and node:http's client machinery (agent, parser, streams) cost more CPU than
// the handler itself. The Runtime API always answers with a Content-Length (chunked bodies are
// understood all the same).
import net from 'node:net';

const [hostname, port] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001').split(':');
const host = `${hostname}:${port}`;
const base = '/2018-06-01/runtime';
const HEAD_END = Buffer.from('\r\n\r\n');

let socket;
/** Bytes received and not yet consumed by a response. */
let received = Buffer.alloc(0);
/** The request awaiting its response: { resolve, reject }. */
let pending;
/** Requests waiting for the connection: functions that start them. */
const queue = [];

function connection() {
  if (socket && !socket.destroyed) return socket;
  received = Buffer.alloc(0);
  const s = net.connect({ host: hostname, port: Number(port) });
  s.setNoDelay(true);
  s.on('data', (chunk) => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    tryComplete();
  });
  const lost = (error) => {
    if (socket === s) socket = undefined;
    const p = pending;
    pending = undefined;
    p?.reject(error ?? new Error('Runtime API connection closed'));
  };
  s.on('error', lost);
  s.on('close', () => lost());
  socket = s;
  return s;
}

/** Parses a complete response out of `received`, if there is one, and settles the pending request. */
function tryComplete() {
  if (!pending) return;
  const headEnd = received.indexOf(HEAD_END);
  if (headEnd < 0) return;
  const lines = received.toString('latin1', 0, headEnd).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon <= 0) continue;
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = lines[i].slice(colon + 1).trim();
  }
  const bodyStart = headEnd + HEAD_END.length;
  let body;
  let consumed;
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
    const parsed = dechunk(received, bodyStart);
    if (!parsed) return;
    ({ body, consumed } = parsed);
  } else {
    const length = Number(headers['content-length'] ?? 0);
    if (received.length < bodyStart + length) return;
    body = Buffer.from(received.subarray(bodyStart, bodyStart + length));
    consumed = bodyStart + length;
  }
  received = received.subarray(consumed);
  const p = pending;
  pending = undefined;
  if (headers.connection?.toLowerCase() === 'close') socket?.destroy();
  // An idle connection must not keep the process alive: the runtime relies on 'beforeExit' to see
  // a handler's event loop drain.
  if (queue.length === 0) socket?.unref();
  p.resolve({ status, headers, body });
  queue.shift()?.();
}

function dechunk(buffer, start) {
  const parts = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (size === 0) {
      const trailerEnd = buffer.indexOf(HEAD_END, lineEnd);
      // No trailers: the zero chunk's line is followed directly by the blank line.
      if (buffer.length >= lineEnd + 4 && buffer[lineEnd + 2] === 13 && buffer[lineEnd + 3] === 10) {
        return { body: Buffer.concat(parts), consumed: lineEnd + 4 };
      }
      if (trailerEnd < 0) return undefined;
      return { body: Buffer.concat(parts), consumed: trailerEnd + 4 };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function request(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const start = () => {
      let s;
      try {
        s = connection();
      } catch (error) {
        reject(error);
        queue.shift()?.();
        return;
      }
      pending = { resolve, reject };
      s.ref();
      let head = `${method} ${base}${path} HTTP/1.1\r\nHost: ${host}\r\n`;
      for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
      if (body !== undefined) head += `Content-Length: ${body.length}\r\n`;
      head += '\r\n';
      if (body === undefined || body.length === 0) {
        s.write(head, 'latin1');
      } else {
        s.cork();
        s.write(head, 'latin1');
        s.write(body);
        s.uncork();
      }
    };
    if (pending) queue.push(start);
    else start();
  });
}

/** Long-polls for the next event. A lost Runtime API means the platform is gone: exit. */
export async function nextInvocation() {
  try {
    const res = await request('GET', '/invocation/next');
    if (res.status !== 200) throw new Error(`unexpected status ${res.status}`);
    return res;
  } catch {
    process.exit(1);
  }
}

export function postResponse(requestId, body) {
  return request('POST', `/invocation/${requestId}/response`, body, { 'Content-Type': 'application/json' }).catch(() => process.exit(1));
}

export function postError(requestId, errorJson) {
  const body = Buffer.from(JSON.stringify(errorJson));
  return request('POST', `/invocation/${requestId}/error`, body, {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': errorJson.errorType ?? 'Unhandled',
  }).catch(() => process.exit(1));
}

export function postInitError(errorJson) {
  const body = Buffer.from(JSON.stringify(errorJson));
  return request('POST', '/init/error', body, {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': errorJson.errorType ?? 'Unhandled',
  }).catch(() => undefined);
}
