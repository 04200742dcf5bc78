import type { V2RequestInput } from '../../../http-events/payload-v2.js';

/** One HTTP API request as events and authorizers describe it: the payload facts, with its region and the route's own path. */
export interface RequestFacts extends V2RequestInput {
  region: string;
  /** The request's path, stage included when the stage is named. */
  rawPath: string;
  /** The path the route matched (the stage taken off). */
  routePath: string;
  pathParameters: Record<string, string>;
  stageVariables: Record<string, string>;
}

/** `arn:aws:execute-api:{region}:{account}:{api-id}/{stage}/{METHOD}{path}`: the route ARN authorizers and policies name. */
export function routeArnOf(facts: RequestFacts): string {
  return `arn:aws:execute-api:${facts.region}:${facts.accountId}:${facts.apiId}/${facts.stage}/${facts.req.method}${facts.routePath}`;
}
