/**
 * API Gateway v2 tables. An API and each of its parts (routes, integrations, stages, deployments,
 * authorizers) is one row holding its wire document (camelCase, as the API returns it); parts go
 * with their API. WebSocket connections are live sockets and are not stored.
 */
export const APIGATEWAYV2_MIGRATIONS: readonly string[] = [
  `CREATE TABLE apigatewayv2_apis (
     api_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     doc TEXT NOT NULL
   );
   CREATE INDEX apigatewayv2_apis_by_scope ON apigatewayv2_apis (account_id, region, created_at, api_id);
   CREATE TABLE apigatewayv2_parts (
     api_id TEXT NOT NULL REFERENCES apigatewayv2_apis(api_id) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     part_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     doc TEXT NOT NULL,
     PRIMARY KEY (api_id, kind, part_id)
   );`,
];
