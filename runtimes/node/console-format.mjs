// Console output in Lambda's text log format: `<ISO time>\t<requestId>\t<LEVEL>\t<message>`.
// Outside an invocation (module init) the request id field reads `undefined`, as on AWS.
import util from 'node:util';

let currentRequestId;

export function setCurrentRequestId(requestId) {
  currentRequestId = requestId;
}

const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE', fatal: 'FATAL' };

export function writeLogLine(level, args) {
  const message = util.format(...args);
  process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message}\n`);
}

export function patchConsole() {
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => writeLogLine(level, args);
  }
}
