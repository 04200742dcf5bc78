import type { VersionConfig } from '../../services/lambda/model.js';
import type { Db } from '../../store/database.js';
import type { FunctionStats, FunctionSummary } from '../api-types.js';
import { parseJson, rows } from './db.js';

interface FunctionRow {
  account_id: string;
  region: string;
  name: string;
  config: string;
}

const EMPTY_STATS: FunctionStats = { invocations: 0, errors: 0, throttles: 0, coldStarts: 0 };

/** Every function's `$LATEST` in every account and region, by name. */
export function listFunctions(db: Db, stats: Map<string, FunctionStats>, name?: string): FunctionSummary[] {
  const found = rows<FunctionRow>(
    db,
    `SELECT v.account_id, v.region, v.name, v.config FROM lambda_versions v
      WHERE v.version = '$LATEST' ${name === undefined ? '' : 'AND v.name = ?'} ORDER BY v.name, v.account_id, v.region`,
    ...(name === undefined ? [] : [name]),
  );
  return found.map((r) => {
    const c = parseJson<Partial<VersionConfig>>(r.config, {});
    const arn = functionArn(r.region, r.account_id, r.name);
    const summary: FunctionSummary = {
      name: r.name,
      arn,
      packageType: 'Zip',
      state: c.state ?? 'Active',
      memorySize: c.MemorySize ?? 128,
      timeout: c.Timeout ?? 3,
      lastModified: new Date(c.lastModified ?? 0).toISOString(),
      accountId: r.account_id,
      region: r.region,
      stats: stats.get(arn) ?? { ...EMPTY_STATS },
    };
    if (c.Runtime) summary.runtime = c.Runtime;
    if (c.Handler) summary.handler = c.Handler;
    if (c.state === 'Pending') summary.stateReason = 'The function is being created.';
    return summary;
  });
}

export function functionArn(region: string, accountId: string, name: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
}

/** The versions' dead-letter targets and async destinations of every function, for the graph. */
export function functionDestinations(db: Db): { functionArn: string; targetArn: string; kind: 'destination' | 'dead-letter'; label: string }[] {
  const out: { functionArn: string; targetArn: string; kind: 'destination' | 'dead-letter'; label: string }[] = [];
  for (const r of rows<FunctionRow>(db, `SELECT account_id, region, name, config FROM lambda_versions WHERE version = '$LATEST'`)) {
    const dlq = parseJson<Partial<VersionConfig>>(r.config, {}).DeadLetterTargetArn;
    if (dlq) out.push({ functionArn: functionArn(r.region, r.account_id, r.name), targetArn: dlq, kind: 'dead-letter', label: 'DeadLetterConfig' });
  }
  const configs = rows<{ function_arn: string; qualifier: string; on_success: string | null; on_failure: string | null }>(
    db,
    'SELECT function_arn, qualifier, on_success, on_failure FROM lambda_event_invoke_configs',
  );
  for (const c of configs) {
    const fn = c.function_arn.split(':').slice(0, 7).join(':');
    if (c.on_success) out.push({ functionArn: fn, targetArn: c.on_success, kind: 'destination', label: 'on success' });
    if (c.on_failure) out.push({ functionArn: fn, targetArn: c.on_failure, kind: 'destination', label: 'on failure' });
  }
  return out;
}
