import type { IncomingMessage } from 'node:http';

/** One HTTP API request as events and authorizers describe it. */
export interface RequestFacts {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  routeKey: string;
  stage: string;
  apiId: string;
  accountId: string;
  region: string;
  domainName: string;
  requestId: string;
  timeEpoch: number;
  /** The request's path, stage included when the stage is named. */
  rawPath: string;
  /** The path the route matched (the stage taken off). */
  routePath: string;
  pathParameters: Record<string, string>;
  stageVariables: Record<string, string>;
  authorizer?: Record<string, unknown>;
}

/** `arn:aws:execute-api:{region}:{account}:{api-id}/{stage}/{METHOD}{path}`: the route ARN authorizers and policies name. */
export function routeArnOf(facts: RequestFacts): string {
  return `arn:aws:execute-api:${facts.region}:${facts.accountId}:${facts.apiId}/${facts.stage}/${facts.req.method}${facts.routePath}`;
}
