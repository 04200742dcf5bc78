import type { GraphEdge, GraphNode, SimpleResource } from '../../api-types.js';

/** What one family of resources adds to the resources list and to the graph. */
export interface ResourcePart {
  resources: SimpleResource[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const emptyPart = (): ResourcePart => ({ resources: [], nodes: [], edges: [] });

/** `n thing` / `n things`. */
export const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The function ARN inside an API Gateway Lambda integration URI (`arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations`), or the ARN itself. */
export function functionOfIntegrationUri(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const inPath = /functions\/(arn:aws[a-z-]*:lambda:[^/]+)\/invocations/.exec(uri);
  const arn = inPath ? inPath[1]! : uri.startsWith('arn:aws:lambda:') ? uri : undefined;
  return arn?.split(':').slice(0, 7).join(':');
}
