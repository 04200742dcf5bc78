import type { ServerResponse } from 'node:http';
import { render, util } from '../../../vtl/index.js';
import { effectiveGatewayResponse } from '../gateway-responses.js';
import type { ApiCall } from './call.js';
import { contextVariables, requestValue } from './mapping.js';
import type { Failure } from './outcome.js';
import type { HttpAnswer } from './proxy-event.js';

/** The headers API Gateway puts on every data-plane response. */
export function awsHeaders(requestId: string, extendedRequestId: string): Record<string, string> {
  return { 'x-amzn-RequestId': requestId, 'x-amz-apigw-id': extendedRequestId };
}

export function write(res: ServerResponse, answer: HttpAnswer, common: Record<string, string>): void {
  const headers: Record<string, string | string[]> = { ...answer.headers };
  for (const [k, v] of Object.entries(common)) if (!Object.keys(headers).some((h) => h.toLowerCase() === k.toLowerCase())) headers[k] = v;
  for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding') delete headers[k];
  headers['Content-Length'] = String(answer.body.length);
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * A failure as its gateway response: the API's own (or its DEFAULT_4XX/5XX) with mapped headers
 * and a rendered template; otherwise AWS's default body.
 */
export function failureAnswer(failure: Failure, call: Partial<ApiCall> & Pick<ApiCall, 'requestId' | 'extendedRequestId'>): HttpAnswer {
  const custom = call.snapshot ? effectiveGatewayResponse(call.snapshot.gatewayResponses, failure.responseType, failure.status) : undefined;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...failure.headers };
  if (failure.errorType) headers['x-amzn-ErrorType'] = failure.errorType;
  if (!custom) {
    return { status: failure.status, headers, body: Buffer.from(failure.body ?? JSON.stringify({ message: failure.message })) };
  }
  const full = call as ApiCall;
  const status = Number(custom.statusCode ?? failure.status);
  for (const [target, expression] of Object.entries(custom.responseParameters ?? {})) {
    const name = /^gatewayresponse\.header\.(.+)$/.exec(target)?.[1];
    if (!name) continue;
    const value = full.request ? requestValue(full, expression) : /^'(.*)'$/s.exec(expression)?.[1];
    if (value !== undefined) headers[name] = value;
  }
  const templates = Object.entries(custom.responseTemplates ?? {});
  const chosen = templates.find(([k]) => k === 'application/json') ?? templates[0];
  let body = failure.body ?? JSON.stringify({ message: failure.message });
  if (chosen) {
    const context =
      full.request && full.resource
        ? contextVariables(full, { message: failure.message, responseType: failure.responseType })
        : {
            requestId: call.requestId,
            error: { message: failure.message, messageString: JSON.stringify(failure.message), responseType: failure.responseType },
          };
    body = render(chosen[1], { context, util, stageVariables: { ...call.stage?.variables } });
    headers['Content-Type'] = chosen[0];
  }
  return { status, headers, body: Buffer.from(body) };
}
