/**
 * The JSON body of CreateEventSourceMapping / UpdateEventSourceMapping. The members the control
 * plane reads itself are typed; every setting's member is read through settings/table.ts.
 */
import { parseJsonBody } from '../protocols/json-body.js';

export interface MappingRequest {
  FunctionName?: string;
  EventSourceArn?: string;
  Enabled?: boolean;
  /** CreateEventSourceMapping only. */
  Tags?: Record<string, string> | null;
  /** Setting members (`BatchSize`, `ScalingConfig`, ...), as the table names them. */
  [member: string]: unknown;
}

/** The request's JSON object; a body that is not one is Lambda's InvalidRequestContentException. */
export function parseRequestBody(body: Buffer): MappingRequest {
  return parseJsonBody(body) as MappingRequest;
}
