import http from 'node:http';
import https from 'node:https';
import { type AttemptOutcome, messageOf } from './outcome.js';

const TIMEOUT_MS = 15_000;

export interface HttpDelivery {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** One POST as SNS makes it: 2xx is delivered, 429 and 5xx and network failures are retried, other statuses are client errors. */
export function postNotification(delivery: HttpDelivery): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(delivery.url);
    } catch (err) {
      resolve({ kind: 'client-error', error: messageOf(err) });
      return;
    }
    const body = Buffer.from(delivery.body, 'utf8');
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', headers: { ...delivery.headers, 'Content-Length': String(body.length) }, timeout: TIMEOUT_MS, agent: false },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        res.once('end', () => {
          if (status >= 200 && status < 300) resolve({ kind: 'delivered', status });
          else if (status === 429 || status >= 500) resolve({ kind: 'server-error', status, error: `HTTP ${status}` });
          else resolve({ kind: 'client-error', status, error: `HTTP ${status}` });
        });
        res.once('error', (err) => resolve({ kind: 'server-error', status, error: messageOf(err) }));
      },
    );
    request.once('timeout', () => request.destroy(new Error(`no response within ${TIMEOUT_MS} ms`)));
    request.once('error', (err) => resolve({ kind: 'server-error', error: messageOf(err) }));
    request.end(body);
  });
}
