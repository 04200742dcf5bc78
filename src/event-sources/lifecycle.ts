/**
 * The mapping lifecycle as AWS reports it. User actions put a mapping into a transitional state
 * (answered with 202); a moment later it settles. Only `Enabled` mappings poll their source.
 */
import type { MappingState } from './model.js';

const ALLOWED: Record<MappingState, readonly MappingState[]> = {
  Creating: ['Enabled', 'Disabled', 'Deleting'],
  Enabling: ['Enabled', 'Updating', 'Disabling', 'Deleting'],
  Enabled: ['Updating', 'Disabling', 'Deleting'],
  Disabling: ['Disabled', 'Updating', 'Enabling', 'Deleting'],
  Disabled: ['Updating', 'Enabling', 'Deleting'],
  Updating: ['Enabled', 'Disabled', 'Updating', 'Enabling', 'Disabling', 'Deleting'],
  Deleting: [],
};

/** How long a transitional state lasts before it settles (AWS takes seconds; locally, a blink). */
export const TRANSITION_MS = 20;

/**
 * How long a deleted mapping stays listed as `Deleting`. AWS takes seconds; a client that reads it
 * back right after deleting (a CLI call takes most of a second) sees `Deleting`, then
 * ResourceNotFoundException.
 */
export const DELETION_MS = 1500;

export function canTransition(from: MappingState, to: MappingState): boolean {
  return ALLOWED[from].includes(to);
}

/** The transitional state an update moves to, given whether it was and will be enabled. */
export function stateForUpdate(wasEnabled: boolean, willBeEnabled: boolean): MappingState {
  if (!wasEnabled && willBeEnabled) return 'Enabling';
  if (wasEnabled && !willBeEnabled) return 'Disabling';
  return 'Updating';
}

/** Where a transitional state settles; settled states stay. */
export function settledState(state: MappingState, enabled: boolean): MappingState | 'gone' {
  if (state === 'Deleting') return 'gone';
  return enabled ? 'Enabled' : 'Disabled';
}

export function isTransitional(state: MappingState): boolean {
  return state !== 'Enabled' && state !== 'Disabled';
}
