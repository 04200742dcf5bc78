/**
 * The data plane of HTTP APIs: the stage by the path's first segment (else `$default`), the route
 * by its key, then CORS, the authorizer and the integration, as API Gateway answers them.
 */
import { parseSignature } from '../../../auth/sigv4-verify.js';
import { corsRules, isPreflight, preflightHeaders, responseCorsHeaders, type CorsRules } from '../../../http-events/cors.js';
import { readBody } from '../../../protocols/http.js';
import { AwsError } from '../../../protocols/aws-error.js';
import type { HttpExchange, RequestContext } from '../../../server/request-context.js';
import type { ApiGatewayV2Env } from '../context.js';
import { newShortId } from '../ids.js';
import { compileRoute, matchRoute, orderRoutes, type CompiledRoute } from '../route-keys.js';
import type { Snapshot } from '../operations/deployments.js';
import type { ApiRow, Doc } from '../store.js';
import { JwtAuthorizers } from './jwt-authorizer.js';
import { FORBIDDEN, LambdaAuthorizers, type AuthDecision } from './lambda-authorizer.js';
import { runHttpProxy, runLambdaProxy, type IntegrationAnswer } from './proxy-integrations.js';
import { mapResponse } from './parameter-mapping.js';
import type { RequestFacts } from './request-facts.js';

/** HTTP APIs take request bodies up to 10 MB. */
const MAX_BODY = 10 * 1024 * 1024;

interface Deployed {
  ordered: CompiledRoute<Doc>[];
  fallback?: CompiledRoute<Doc>;
  integrations: Map<string, Doc>;
  authorizers: Map<string, Doc>;
}

export class HttpApiDataPlane {
  /** Deployments never change once made, so what they compile to is kept by deployment id. */
  private readonly deployed = new Map<string, Deployed>();
  private readonly lambdaAuthorizers: LambdaAuthorizers;
  private readonly jwtAuthorizers: JwtAuthorizers;

  constructor(private readonly env: ApiGatewayV2Env) {
    this.lambdaAuthorizers = new LambdaAuthorizers(env);
    this.jwtAuthorizers = new JwtAuthorizers(() => env.clock.now());
  }

  async serve(exchange: HttpExchange, ctx: RequestContext, api: ApiRow, path: string): Promise<void> {
    const { req, res } = exchange;
    const requestId = newShortId();
    ctx.requestId = requestId;
    const answer = (status: number, headers: Record<string, string | string[]>, body: Buffer | string) => {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(status, { ...headers, 'apigw-requestid': requestId, 'content-length': bytes.length });
      res.end(bytes);
    };
    const message = (status: number, text: string, cors?: CorsRules) => {
      ctx.errorCode ??= text;
      req.resume();
      answer(status, { 'content-type': 'application/json', ...responseCorsHeaders(cors, req) }, JSON.stringify({ message: text }));
    };

    const cors = corsRules(api.doc.corsConfiguration as Record<string, unknown> | undefined);
    if (cors && isPreflight(req)) {
      ctx.operation = 'CORS preflight';
      req.resume();
      return answer(204, preflightHeaders(cors, req), '');
    }
    const located = this.locate(api, path);
    if (!located) return message(404, 'Not Found', cors);
    const { stage, deployed, routePath } = located;
    const matched = matchRoute(deployed.ordered, deployed.fallback, req.method ?? 'GET', routePath);
    if (!matched) return message(404, 'Not Found', cors);
    const route = matched.route.value;
    ctx.operation = matched.route.routeKey;

    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY, () => new AwsError('RequestEntityTooLarge', 'Request Entity Too Large', 413));
    } catch {
      return message(413, 'Request Entity Too Large', cors);
    }
    const host = req.headers.host ?? '';
    const port = new URL(this.env.deps.endpointUrl()).port;
    const facts: RequestFacts = {
      req,
      url: exchange.url,
      body,
      routeKey: matched.route.routeKey,
      stage: String(stage.stageName),
      apiId: api.apiId,
      accountId: api.accountId,
      region: api.region,
      domainName: host.startsWith(`${api.apiId}.`) ? host : `${api.apiId}.execute-api.localhost${port ? `:${port}` : ''}`,
      requestId,
      timeEpoch: this.env.clock.now(),
      rawPath: path,
      routePath,
      pathParameters: matched.params,
      stageVariables: (stage.stageVariables ?? {}) as Record<string, string>,
    };

    const decision = await this.authorize(api, route, deployed, facts);
    if (decision.kind === 'deny') return message(decision.status, decision.message, cors);

    const integrationId = /^integrations\/(.+)$/.exec(String(route.target ?? ''))?.[1];
    const integration = integrationId ? deployed.integrations.get(integrationId) : undefined;
    if (!integration) return message(404, 'Not Found', cors);
    if (decision.authorizer) facts.authorizer = integration.payloadFormatVersion === '2.0' ? decision.authorizer.v2 : decision.authorizer.v1;
    const trace = req.headers['x-amzn-trace-id'];
    let result: IntegrationAnswer;
    if (integration.integrationType === 'AWS_PROXY') result = await runLambdaProxy(this.env, api, integration, facts, Array.isArray(trace) ? trace[0] : trace);
    else if (integration.integrationType === 'HTTP_PROXY') result = await runHttpProxy(integration, facts);
    else result = { kind: 'error', status: 500, message: 'Internal Server Error' };
    if (result.kind === 'error') return message(result.status, result.message, cors);
    const response = mapResponse(integration.responseParameters as Record<string, Record<string, string>> | undefined, facts, result.response);
    answer(response.status, { ...response.headers, ...responseCorsHeaders(cors, req) }, response.body);
  }

  /** The stage a path addresses (a named stage as first segment, else `$default`) and its deployment. */
  private locate(api: ApiRow, path: string): { stage: Doc; deployed: Deployed; routePath: string } | undefined {
    const slash = path.indexOf('/', 1);
    const first = slash === -1 ? path.slice(1) : path.slice(1, slash);
    let stage = first && first !== '$default' ? this.env.store.part(api.apiId, 'stages', decodeURIComponent(first)) : undefined;
    let routePath = path;
    if (stage) routePath = slash === -1 ? '/' : path.slice(slash);
    else stage = this.env.store.part(api.apiId, 'stages', '$default');
    if (!stage?.deploymentId) return undefined;
    const deployed = this.compiled(api.apiId, String(stage.deploymentId));
    return deployed ? { stage, deployed, routePath } : undefined;
  }

  private compiled(apiId: string, deploymentId: string): Deployed | undefined {
    const key = `${apiId}/${deploymentId}`;
    let deployed = this.deployed.get(key);
    if (!deployed) {
      const snapshot = this.env.store.part(apiId, 'snapshots', deploymentId) as unknown as Snapshot | undefined;
      if (!snapshot) return undefined;
      const routes = snapshot.routes.map((r) => compileRoute(String(r.routeKey), r));
      deployed = {
        ordered: orderRoutes(routes),
        fallback: routes.find((r) => r.routeKey === '$default'),
        integrations: new Map(snapshot.integrations.map((i) => [String(i.integrationId), i])),
        authorizers: new Map(snapshot.authorizers.map((a) => [String(a.authorizerId), a])),
      };
      if (this.deployed.size > 1000) this.deployed.clear();
      this.deployed.set(key, deployed);
    }
    return deployed;
  }

  private async authorize(api: ApiRow, route: Doc, deployed: Deployed, facts: RequestFacts): Promise<AuthDecision | { kind: 'allow'; authorizer?: undefined }> {
    const type = route.authorizationType;
    if (type === 'AWS_IAM') {
      const { req, url } = facts;
      const amzDate = req.headers['x-amz-date'];
      const signature = parseSignature(req.headers.authorization, url.searchParams, Array.isArray(amzDate) ? amzDate[0] : amzDate);
      return signature?.service === 'execute-api' ? { kind: 'allow' } : FORBIDDEN;
    }
    if (type !== 'CUSTOM' && type !== 'JWT') return { kind: 'allow' };
    const authorizer = deployed.authorizers.get(String(route.authorizerId));
    if (!authorizer) return { kind: 'deny', status: 500, message: 'Internal Server Error' };
    if (authorizer.authorizerType === 'JWT') return this.jwtAuthorizers.authorize(authorizer, route, facts);
    return this.lambdaAuthorizers.authorize(api, authorizer, facts);
  }
}
