// The floor an invoke is compared with: the same hops as Tributary (client → server process →
// function process over a long-polled HTTP API, and back) with no AWS protocol, SDK or logic.
// Started as its own process by lambda-invoke.ts; prints its port, then serves:
//   POST /echo    → answers the body (a raw HTTP round trip)
//   POST /invoke  → hands the body to the worker's GET /next, answers what it POSTs to /response
//   POST /2015-03-31/functions/<name>/invocations → the same, so an SDK client can be pointed at it
import http from 'node:http';
import { spawn } from 'node:child_process';

const WORKER = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const port = Number(process.argv[1]);
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    });
    req.on('error', reject);
    req.end(body);
  });
}
(async () => { for (;;) { const event = await call('GET', '/next'); await call('POST', '/response', event); } })();
`;

let waitingWorker;
let pendingEvent;
let pendingClient;

function read(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

const server = http.createServer(async (req, res) => {
  const body = await read(req);
  if (req.url === '/echo') return res.end(body);
  if (req.url === '/invoke' || req.url.startsWith('/2015-03-31/functions/')) {
    pendingClient = res;
    if (waitingWorker) {
      const worker = waitingWorker;
      waitingWorker = undefined;
      worker.end(body);
    } else pendingEvent = body;
    return;
  }
  if (req.url === '/next') {
    if (pendingEvent) {
      const event = pendingEvent;
      pendingEvent = undefined;
      res.end(event);
    } else waitingWorker = res;
    return;
  }
  if (req.url === '/response') {
    res.end();
    const client = pendingClient;
    pendingClient = undefined;
    client?.end(body);
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const worker = spawn(process.execPath, ['-e', WORKER, String(port)], { stdio: 'inherit' });
  process.on('SIGTERM', () => {
    worker.kill();
    process.exit(0);
  });
  process.stdout.write(`${port}\n`);
});
