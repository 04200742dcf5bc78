/** What one line of the settings table says about one mapping setting. */
import type { Shape } from '../../protocols/constraints.js';
import type { MappingSettings, SourceKindName } from '../model.js';
import type { MappingRequest } from '../request.js';

export interface SettingLine<K extends keyof MappingSettings = keyof MappingSettings> {
  /** The request and response member (`BatchSize`). */
  member: string;
  /** The model's constraints on the member, checked (with AWS's messages) for every source kind. */
  shape?: Shape;
  /** Where the value lives in the stored `settings` JSON (and on `MappingSettings`). */
  key: K;
  /** The source kinds that accept it; any other kind refuses a request that sets it. */
  kinds: readonly SourceKindName[];
  /** The value of a new mapping, per kind; none means unset. */
  defaults?: Partial<Record<SourceKindName, MappingSettings[K]>>;
  /**
   * `value`: a non-null member sets it (null and absent keep the current value); `presence`: a
   * member that is present replaces it, null or empty clearing it.
   */
  applies: 'value' | 'presence';
  /** The stored value a request member gives (the member as sent when absent); may throw AWS's error. */
  read?(value: unknown, req: MappingRequest): MappingSettings[K] | undefined;
  /** Whether a request member counts as setting it for the refusal check (default: not null). */
  given?(value: unknown): boolean;
  /** AWS's message when a kind that does not accept it is given it, by kind (default below). */
  refusal?: Partial<Record<SourceKindName, string>>;
  /** The response member's value; omitted when it gives undefined (default: the stored value). */
  render?(stored: MappingSettings[K]): unknown;
  /** CreateEventSourceMapping only: UpdateEventSourceMapping's model has no such member, so an update ignores it. */
  createOnly?: true;
  /** Whether a change restarts the mapping's runner (what it polls or how it batches or invokes). */
  restarts: boolean;
}

/** AWS's answer to a member the mapping's kind does not take. */
export function unsupported(member: string): string {
  return `Unsupported ${member} parameter for given event source mapping type.`;
}

/** One table line, typed by its key. */
export function line<K extends keyof MappingSettings>(l: SettingLine<K>): SettingLine {
  return l as unknown as SettingLine;
}
