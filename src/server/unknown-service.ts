import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log.js';
import { AwsError } from '../protocols/aws-error.js';
import { send } from '../protocols/http.js';
import { xmlEscape } from '../protocols/query.js';
import type { Service } from '../services/service.js';
import { awsServiceBySigningName, awsServiceByTargetPrefix, type AwsServiceInfo, type WireProtocol } from './aws-services.js';
import type { HttpExchange, RequestContext } from './request-context.js';
import { credentialScope } from './sigv4.js';

/** What a request asked for that no registered service answers. */
export interface UnknownServiceRequest {
  /** The SigV4 signing name, or the `X-Amz-Target` prefix of an unsigned request. */
  name: string;
  via: 'signing name' | 'X-Amz-Target';
  known?: AwsServiceInfo;
}

/** Reads which service a request was meant for. */
export function requestedService(req: IncomingMessage, url: URL): UnknownServiceRequest | undefined {
  const signingName = credentialScope(req, url)?.service;
  if (signingName) return { name: signingName, via: 'signing name', known: awsServiceBySigningName(signingName) };
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string' && target !== '') {
    const prefix = target.includes('.') ? target.slice(0, target.indexOf('.')) : target;
    const known = awsServiceByTargetPrefix(prefix);
    return known ? { name: known.signingName, via: 'signing name', known } : { name: prefix, via: 'X-Amz-Target' };
  }
  return undefined;
}

/**
 * Answers requests for a service Tributary does not implement, in that service's own wire protocol,
 * so every AWS client shows the reason: an AWS service Tributary lacks is `501 NotImplemented`;
 * a name AWS does not use either is `400 UnknownServiceException`. Neither is retried by the SDKs.
 */
export function createUnknownServiceResponder(implemented: () => readonly Service[], logger?: Logger): Service {
  // Said once per service on the terminal too, where a user watching Tributary looks first.
  const announced = new Set<string>();
  return {
    name: 'unknown',
    signingNames: [],
    async handle(exchange: HttpExchange, ctx: RequestContext): Promise<void> {
      exchange.req.resume();
      const requested = requestedService(exchange.req, exchange.url) ?? { name: '', via: 'signing name' as const };
      const err = unknownServiceError(requested, implemented());
      if (logger && !announced.has(requested.name) && announced.size < 100) {
        announced.add(requested.name);
        logger.warn(`a client called ${requested.known?.title ?? `"${requested.name}"`}, which Tributary does not implement; it was told so (${err.code})`);
      }
      writeError(exchange, ctx, err, protocolOf(exchange, requested.known));
    },
  };
}

export function unknownServiceError(requested: UnknownServiceRequest, implemented: readonly Service[]): AwsError {
  const offered = implemented.map((s) => {
    const info = awsServiceBySigningName(s.signingNames[0] ?? s.name);
    return info ? `${info.title} (${s.name})` : s.name;
  });
  const list = `Tributary implements: ${offered.join(', ')}.`;
  if (requested.known) {
    return new AwsError('NotImplemented', `Tributary does not implement ${requested.known.title} (${requested.known.signingName}). ${list}`, 501);
  }
  return new AwsError('UnknownServiceException', `Tributary does not know the service "${requested.name}" (from the request's ${requested.via}). ${list}`, 400);
}

/** The protocol to answer in: what the request itself shows first, then what the service speaks. */
function protocolOf(exchange: HttpExchange, known: AwsServiceInfo | undefined): WireProtocol {
  const { req, url } = exchange;
  if (String(req.headers['smithy-protocol'] ?? '').toLowerCase() === 'rpc-v2-cbor') return 'rpc-v2-cbor';
  if (typeof req.headers['x-amz-target'] === 'string') return 'json';
  const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  if (form || url.searchParams.has('Action')) return known?.protocol === 'ec2' ? 'ec2' : 'query';
  if (known?.protocol === 'rest-xml') return 'rest-xml';
  return 'rest-json';
}

function writeError(exchange: HttpExchange, ctx: RequestContext, err: AwsError, protocol: WireProtocol): void {
  const { res, req } = exchange;
  const ids = { 'x-amzn-RequestId': ctx.requestId };
  const code = xmlEscape(err.code);
  const message = xmlEscape(err.message);
  switch (protocol) {
    case 'json': {
      const contentType = String(req.headers['content-type'] ?? '') || 'application/x-amz-json-1.1';
      send(res, err.status, { ...ids, 'x-amzn-ErrorType': err.code, 'Content-Type': contentType }, JSON.stringify({ __type: err.code, message: err.message }));
      return;
    }
    case 'rest-json':
      send(res, err.status, { ...ids, 'x-amzn-ErrorType': err.code, 'Content-Type': 'application/json' }, JSON.stringify({ message: err.message }));
      return;
    case 'rpc-v2-cbor':
      send(
        res,
        err.status,
        { ...ids, 'smithy-protocol': 'rpc-v2-cbor', 'Content-Type': 'application/cbor' },
        cborTextMap({ __type: err.code, message: err.message }),
      );
      return;
    case 'query':
      send(
        res,
        err.status,
        { ...ids, 'Content-Type': 'text/xml' },
        `<?xml version="1.0"?><ErrorResponse><Error><Type>${err.fault}</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
          `<RequestId>${ctx.requestId}</RequestId></ErrorResponse>`,
      );
      return;
    case 'ec2':
      send(
        res,
        err.status,
        { ...ids, 'Content-Type': 'text/xml;charset=UTF-8' },
        `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors>` +
          `<RequestID>${ctx.requestId}</RequestID></Response>`,
      );
      return;
    case 'rest-xml':
      send(
        res,
        err.status,
        { ...ids, 'Content-Type': 'application/xml' },
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${ctx.requestId}</RequestId></Error>`,
      );
      return;
  }
}

/** A CBOR map of text strings to text strings (RFC 8949), all an RPC v2 CBOR error body needs. */
function cborTextMap(entries: Record<string, string>): Buffer {
  const parts: Buffer[] = [cborHead(5, Object.keys(entries).length)];
  for (const [key, value] of Object.entries(entries)) {
    for (const text of [key, value]) {
      const bytes = Buffer.from(text, 'utf8');
      parts.push(cborHead(3, bytes.length), bytes);
    }
  }
  return Buffer.concat(parts);
}

function cborHead(majorType: number, length: number): Buffer {
  const major = majorType << 5;
  if (length < 24) return Buffer.from([major | length]);
  if (length < 0x100) return Buffer.from([major | 24, length]);
  if (length < 0x10000) return Buffer.from([major | 25, length >> 8, length & 0xff]);
  const head = Buffer.alloc(5);
  head[0] = major | 26;
  head.writeUInt32BE(length, 1);
  return head;
}
