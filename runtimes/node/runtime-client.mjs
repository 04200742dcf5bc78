// The Lambda Runtime API as seen from inside the function: one keep-alive connection to
// http://$AWS_LAMBDA_RUNTIME_API/2018-06-01.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const [hostname, port] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001').split(':');
const base = '/2018-06-01/runtime';

function request(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, hostname, port: Number(port), method, path: base + path, headers: body === undefined ? headers : { ...headers, 'Content-Length': body.length } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
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
