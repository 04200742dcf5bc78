import { lastProcessingResult } from '../../event-sources/streams/runner.js';
import type { MappingSettings } from '../../event-sources/model.js';
import type { Db } from '../../store/database.js';
import type { MappingSummary } from '../api-types.js';
import { parseJson, rows } from './db.js';

interface MappingRow {
  uuid: string;
  event_source_arn: string;
  function_arn: string;
  state: string;
  settings: string;
  last_modified: number;
  last_processing_result: string | null;
}

/** Every event source mapping in every account and region; `functionArn` (unqualified) narrows to one function's. */
export function listMappings(db: Db, functionArn?: string): MappingSummary[] {
  const all = rows<MappingRow>(
    db,
    'SELECT uuid, event_source_arn, function_arn, state, settings, last_modified, last_processing_result FROM lambda_esm_mappings ORDER BY seq',
  );
  return all
    .filter((m) => functionArn === undefined || unqualified(m.function_arn) === functionArn)
    .map((m) => {
      const settings = parseJson<Partial<MappingSettings>>(m.settings, {});
      const stream = !m.event_source_arn.startsWith('arn:aws:sqs:');
      const summary: MappingSummary = {
        uuid: m.uuid,
        functionArn: m.function_arn,
        eventSourceArn: m.event_source_arn,
        state: m.state,
        // As each source kind renders it in GetEventSourceMapping.
        stateTransitionReason: stream ? 'User action' : 'USER_INITIATED',
        lastModified: m.last_modified,
      };
      if (settings.batchSize !== undefined) summary.batchSize = settings.batchSize;
      if (stream) summary.lastProcessingResult = lastProcessingResult({ lastProcessingResult: m.last_processing_result ?? undefined });
      return summary;
    });
}

export function unqualified(functionArn: string): string {
  return functionArn.split(':').slice(0, 7).join(':');
}
