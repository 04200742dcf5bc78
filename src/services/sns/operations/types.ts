import type { QueryParams } from '../../../protocols/query.js';
import type { SnsCall, SnsEnv } from '../context.js';

/** One SNS action: parsed query parameters in, the inner XML of `<ActionResult>` out. */
export type SnsOperation = (env: SnsEnv, params: QueryParams, call: SnsCall) => Promise<string | undefined> | string | undefined;
