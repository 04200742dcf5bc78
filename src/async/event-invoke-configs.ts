import { PreparedStatements } from '../store/prepared-statements.js';

/** One EventInvokeConfig, for a function's `$LATEST`, a version or an alias. */
export interface EventInvokeConfig {
  accountId: string;
  region: string;
  /** Unqualified function ARN. */
  functionArn: string;
  qualifier: string;
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  onSuccess?: string;
  onFailure?: string;
  /** Epoch seconds with milliseconds, as the API returns it. */
  lastModified: number;
}

interface Row {
  account_id: string;
  region: string;
  function_arn: string;
  qualifier: string;
  maximum_retry_attempts: number | null;
  maximum_event_age_seconds: number | null;
  on_success: string | null;
  on_failure: string | null;
  last_modified: number;
}

function fromRow(row: Row): EventInvokeConfig {
  return {
    accountId: row.account_id,
    region: row.region,
    functionArn: row.function_arn,
    qualifier: row.qualifier,
    maximumRetryAttempts: row.maximum_retry_attempts ?? undefined,
    maximumEventAgeInSeconds: row.maximum_event_age_seconds ?? undefined,
    onSuccess: row.on_success ?? undefined,
    onFailure: row.on_failure ?? undefined,
    lastModified: row.last_modified,
  };
}

export class EventInvokeConfigs extends PreparedStatements {
  get(functionArn: string, qualifier: string): EventInvokeConfig | undefined {
    const row = this.sql('SELECT * FROM lambda_event_invoke_configs WHERE function_arn = ? AND qualifier = ?').get(functionArn, qualifier) as Row | undefined;
    return row && fromRow(row);
  }

  list(functionArn: string): EventInvokeConfig[] {
    const rows = this.sql('SELECT * FROM lambda_event_invoke_configs WHERE function_arn = ? ORDER BY qualifier').all(functionArn) as Row[];
    return rows.map(fromRow);
  }

  put(config: EventInvokeConfig): void {
    this.sql(
      `INSERT OR REPLACE INTO lambda_event_invoke_configs
           (account_id, region, function_arn, qualifier, maximum_retry_attempts, maximum_event_age_seconds, on_success, on_failure, last_modified)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      config.accountId,
      config.region,
      config.functionArn,
      config.qualifier,
      config.maximumRetryAttempts ?? null,
      config.maximumEventAgeInSeconds ?? null,
      config.onSuccess ?? null,
      config.onFailure ?? null,
      config.lastModified,
    );
  }

  delete(functionArn: string, qualifier: string): boolean {
    return this.sql('DELETE FROM lambda_event_invoke_configs WHERE function_arn = ? AND qualifier = ?').run(functionArn, qualifier).changes > 0;
  }

  deleteAll(functionArn: string): void {
    this.sql('DELETE FROM lambda_event_invoke_configs WHERE function_arn = ?').run(functionArn);
  }
}
