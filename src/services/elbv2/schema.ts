/**
 * ELBv2 keeps each resource as one row: its ARN, kind, scope and the resource as JSON. Load
 * balancers hold a few dozen settings each and the data plane reads them on every request, so the
 * service serves reads from memory and writes every change through to this table.
 */
export const ELBV2_MIGRATIONS: readonly string[] = [
  `CREATE TABLE elbv2_resources (
     arn TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     seq INTEGER NOT NULL,
     doc TEXT NOT NULL
   );
   CREATE INDEX elbv2_resources_by_scope ON elbv2_resources (account_id, region, kind, seq);`,
];
