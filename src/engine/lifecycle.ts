import type { TransitionTable } from './state-machine.js';
import { StateMachine } from './state-machine.js';

/**
 * An instance (one sandbox): Starting until its runtime first asks for work, Busy while it owns
 * an invocation, Idle between invocations, Stopped for good.
 */
export type InstanceState = 'Starting' | 'Idle' | 'Busy' | 'Stopped';
export type InstanceEvent = 'initialized' | 'assign' | 'complete' | 'stop';

const instanceTransitions: TransitionTable<InstanceState, InstanceEvent> = {
  Starting: { initialized: 'Busy', stop: 'Stopped' },
  Busy: { complete: 'Idle', stop: 'Stopped' },
  Idle: { assign: 'Busy', stop: 'Stopped' },
  Stopped: {},
};

export const newInstanceLifecycle = () => new StateMachine(instanceTransitions, 'Starting');

/**
 * The runtime as the Runtime API sees it, with the state names the Runtime Interface Emulator
 * uses in its `InvalidStateTransition` messages.
 */
export type RuntimeState = 'Started' | 'InitError' | 'Ready' | 'Running' | 'RuntimeResponseSentState';
export type RuntimeEvent = 'next' | 'initError' | 'invoke' | 'response' | 'error';

const runtimeTransitions: TransitionTable<RuntimeState, RuntimeEvent> = {
  Started: { next: 'Ready', initError: 'InitError' },
  InitError: {},
  Ready: { invoke: 'Running' },
  Running: { response: 'RuntimeResponseSentState', error: 'RuntimeResponseSentState' },
  RuntimeResponseSentState: { next: 'Ready' },
};

export const newRuntimeLifecycle = () => new StateMachine(runtimeTransitions, 'Started');

/** The state name the emulator reports as the target of a refused request. */
export const requestedRuntimeState: Record<RuntimeEvent, string> = {
  next: 'Ready',
  initError: 'InitError',
  invoke: 'Running',
  response: 'InvocationResponse',
  error: 'InvocationErrorResponse',
};
