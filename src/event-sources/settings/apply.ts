/**
 * The settings table at work: the request's model constraints, a new mapping's defaults, a
 * request's members over current settings, the members a kind refuses, the stored JSON, the
 * response members and the runner's restart key.
 */
import { assertValid, structure, type Shape } from '../../protocols/constraints.js';
import { PATTERNS } from '../../services/lambda/shapes.js';
import { invalidParameter } from '../errors.js';
import type { MappingSettings, SourceKindName } from '../model.js';
import type { MappingRequest } from '../request.js';
import { unsupported } from './line.js';
import { SETTINGS } from './table.js';

/** The model's patterns for `EventSourceArn` (Arn) and `FunctionName` (NamespacedFunctionName). */
const ARN_PATTERN = 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const FUNCTION_NAME_PATTERN = PATTERNS.NamespacedFunctionName;

const IDENTITY: Record<string, Shape> = {
  FunctionName: { type: 'string', pattern: FUNCTION_NAME_PATTERN, length: { max: 256 } },
  EventSourceArn: { type: 'string', pattern: ARN_PATTERN },
};

const REQUEST = structure({
  ...IDENTITY,
  ...Object.fromEntries(SETTINGS.filter((s) => s.shape).map((s) => [s.member, s.shape!])),
});

const LIST_QUERY = structure({ ...IDENTITY, MaxItems: { type: 'integer', range: { min: 1, max: 10000 }, fromText: true } });

/** Throws the model's ValidationException for a Create/Update body that breaks a constraint. */
export function checkModelConstraints(req: MappingRequest): void {
  assertValid(REQUEST, req.FunctionName === '' ? { ...req, FunctionName: undefined } : req);
}

/** ListEventSourceMappings' query members against the model. */
export function checkListQuery(query: { FunctionName?: string; EventSourceArn?: string; MaxItems?: string }): void {
  assertValid(LIST_QUERY, { ...query, FunctionName: query.FunctionName === '' ? undefined : query.FunctionName });
}

/** A new mapping's settings for a source kind, before the request's members apply. */
export function defaultsFor(kind: SourceKindName): MappingSettings {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const value = s.defaults?.[kind];
    if (value !== undefined) out[s.key] = Array.isArray(value) ? [...value] : value;
  }
  return out as unknown as MappingSettings;
}

/** Which operation a request is: an update ignores create-only members. */
export type RequestKind = 'create' | 'update';

/** The settings after applying a request's members over `base` (defaults or the current ones). */
export function mergeSettings(base: MappingSettings, req: MappingRequest, op: RequestKind): MappingSettings {
  const next: Record<string, unknown> = { ...base };
  for (const s of SETTINGS) {
    if (op === 'update' && s.createOnly) continue;
    const value = req[s.member];
    if (s.applies === 'value' ? value === undefined || value === null : !(s.member in req)) continue;
    next[s.key] = s.read ? s.read(value, req) : value;
  }
  return next as unknown as MappingSettings;
}

/** Throws AWS's InvalidParameterValueException for the first member the kind does not take. */
export function refuseUnsupported(kind: SourceKindName, req: MappingRequest, op: RequestKind): void {
  for (const s of SETTINGS) {
    if (s.kinds.includes(kind) || (op === 'update' && s.createOnly)) continue;
    const value = req[s.member];
    const given = s.given ? s.given(value) : value !== undefined && value !== null;
    if (given) throw invalidParameter(s.refusal?.[kind] ?? unsupported(s.member));
  }
}

/** The `settings` JSON column: every table key the mapping has. */
export function storedSettings(m: MappingSettings): string {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) out[s.key] = m[s.key];
  return JSON.stringify(out);
}

/** The response members of the settings, in table order; unset ones are left out. */
export function renderSettings(m: MappingSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const stored = m[s.key];
    const rendered = s.render ? s.render(stored as never) : stored;
    if (rendered !== undefined) out[s.member] = rendered;
  }
  return out;
}

/** Equal for two mappings exactly when a running runner can keep going unchanged. */
export function restartKey(m: MappingSettings & { functionArn: string }): string {
  return JSON.stringify([m.functionArn, ...SETTINGS.filter((s) => s.restarts).map((s) => m[s.key] ?? null)]);
}
