import type { IncomingMessage } from 'node:http';

/** Content types ALB hands a function as text; every other body is base64-encoded. */
const TEXTUAL = /^(text\/[^;]*|application\/(json|javascript|xml))\s*(;|$)/i;

export interface AlbEventInput {
  req: IncomingMessage;
  targetGroupArn: string;
  /** The path as the client sent it (after the `/_aws/elb/{name}` prefix in the path form). */
  path: string;
  /** The raw query string, without `?`. */
  rawQuery: string;
  body: Buffer;
  multiValue: boolean;
  listenerPort: number;
  sourceIp: string;
  traceId: string;
}

/**
 * The event ALB sends a Lambda target. Header names are lowercased; query keys and values stay
 * percent-encoded as the client sent them. Without multi-value headers a repeated header or
 * query key keeps its last value; with them every value is listed in order.
 */
export function albEvent(input: AlbEventInput): Record<string, unknown> {
  const { req } = input;
  const headers = new Map<string, string[]>();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const list = headers.get(name);
    if (list) list.push(raw[i + 1]!);
    else headers.set(name, [raw[i + 1]!]);
  }
  // The headers ALB adds (or extends) on the way in.
  const xff = headers.get('x-forwarded-for');
  // ALB's default `append` mode: what the client sent, then the client's address.
  headers.set('x-forwarded-for', [xff ? `${xff.join(', ')}, ${input.sourceIp}` : input.sourceIp]);
  headers.set('x-forwarded-port', [String(input.listenerPort)]);
  headers.set('x-forwarded-proto', ['http']);
  headers.set('x-amzn-trace-id', [input.traceId]);

  const query = new Map<string, string[]>();
  if (input.rawQuery !== '') {
    for (const part of input.rawQuery.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      const list = query.get(key);
      if (list) list.push(value);
      else query.set(key, [value]);
    }
  }

  const contentType = headers.get('content-type')?.at(-1);
  const isBase64Encoded = input.body.length > 0 && !(contentType !== undefined && TEXTUAL.test(contentType));
  const event: Record<string, unknown> = {
    requestContext: { elb: { targetGroupArn: input.targetGroupArn } },
    httpMethod: req.method,
    path: input.path,
  };
  if (input.multiValue) {
    event.multiValueQueryStringParameters = Object.fromEntries(query);
    event.multiValueHeaders = Object.fromEntries(headers);
  } else {
    event.queryStringParameters = Object.fromEntries([...query].map(([k, v]) => [k, v[v.length - 1]]));
    event.headers = Object.fromEntries([...headers].map(([k, v]) => [k, v[v.length - 1]]));
  }
  event.body = isBase64Encoded ? input.body.toString('base64') : input.body.toString('utf8');
  event.isBase64Encoded = isBase64Encoded;
  return event;
}
