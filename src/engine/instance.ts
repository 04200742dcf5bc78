import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../log.js';
import { instanceEnvironment, newLogStreamName } from './environment.js';
import {
  errorTypeOf,
  exitDescription,
  MAX_RESPONSE_BYTES,
  newInvocation,
  newTraceId,
  platformErrorPayload,
  responseTooLargePayload,
  type Completion,
  type Invocation,
  type PlatformError,
} from './invocation.js';
import { LaunchError, planLaunch } from './launch.js';
import { newInstanceLifecycle, newRuntimeLifecycle, requestedRuntimeState, type RuntimeEvent } from './lifecycle.js';
import { MemoryProbe } from './memory.js';
import { endLine, logTail, reportLine, startLine, timeoutLine } from './platform-log.js';
import { killProcessGroup, trackProcess } from './process-registry.js';
import { accepted, RuntimeApiServer, sendReply, type RuntimeApiReply } from './runtime-api-server.js';
import type { FunctionLogSink, FunctionSpec, InvokeRequest, InvokeResult } from './types.js';

/**
 * Lambda gives the init phase 10 seconds; an init that overruns is retried within the invoke, under
 * the function's timeout. Together that bounds how long a cold start may take to reach /next.
 */
const INIT_TIMEOUT_MS = 10_000;

/** The instance died before the invocation reached its runtime; the pool may run it elsewhere. */
export class InstanceLostError extends Error {
  constructor() {
    super('instance stopped before the invocation was delivered');
  }
}

export interface InstanceOptions {
  spec: FunctionSpec;
  clock: Clock;
  logger: Logger;
  endpointUrl(): string;
  /** Where each instance gets its own temporary directory (its TMPDIR, standing in for `/tmp`). */
  tmpRoot: string;
  logSink?: FunctionLogSink;
  onIdle(instance: Instance): void;
  onStopped(instance: Instance): void;
}

/** One execution environment: a runtime process and the Runtime API endpoint it talks to. */
export class Instance {
  readonly lifecycle = newInstanceLifecycle();
  private readonly runtime = newRuntimeLifecycle();
  readonly spec: FunctionSpec;
  /** Set by the pool: finish the current invocation, then stop. */
  retiring = false;
  lastUsedAt = 0;
  /** Peak resident memory after the last invocation, for the instance budget. */
  residentMb?: number;
  private server?: RuntimeApiServer;
  private child?: ChildProcess;
  private tmpDir?: string;
  private memory?: MemoryProbe;
  private pendingNext?: ServerResponse;
  private invocation?: Invocation;
  private startedAt = performance.now();
  private initDurationMs?: number;
  private initTimer?: Timer;
  private readonly logStreamName: string;
  /** Lines logged since the last hand-over to the log sink. */
  private unsunkLines: string[] = [];
  /** Unterminated last line of stdout and of stderr. */
  private readonly partialLines = { stdout: '', stderr: '' };

  /** Starts a new instance for `request` (a cold start). */
  constructor(
    private readonly options: InstanceOptions,
    request: InvokeRequest,
    resolve: (result: InvokeResult) => void,
    reject: (error: Error) => void,
  ) {
    this.spec = options.spec;
    this.logStreamName = newLogStreamName(options.spec, options.clock.now());
    this.invocation = newInvocation(request, true, resolve, reject);
    void this.boot();
  }

  /** Runs `request` on this idle (warm) instance. */
  run(request: InvokeRequest): Promise<InvokeResult> {
    this.lifecycle.fire('assign');
    return new Promise((resolve, reject) => {
      this.invocation = newInvocation(request, false, resolve, reject);
      this.deliver();
    });
  }

  private async boot(): Promise<void> {
    const { spec, clock } = this.options;
    try {
      const plan = await planLaunch(spec);
      const server = await RuntimeApiServer.listen({
        next: (res) => this.onNext(res),
        response: (id, body) => this.onResponse(id, body),
        responseStream: (id, req) => this.onResponseStream(id, req),
        error: (id, body, type) => this.onError(id, body, type),
        initError: (body, type) => this.onInitError(body, type),
      });
      this.server = server;
      if (this.lifecycle.state === 'Stopped') return server.close();
      const env = instanceEnvironment({
        spec,
        plan,
        runtimeApi: server.address,
        logStreamName: this.logStreamName,
        endpointUrl: this.options.endpointUrl(),
      });
      // One synchronous mkdir (tens of microseconds) rather than another trip through the thread pool.
      this.tmpDir = mkdtempSync(`${this.options.tmpRoot}/i-`);
      if (spec.environment.TMPDIR === undefined) env.TMPDIR = this.tmpDir;
      this.startedAt = performance.now();
      const child = spawn(plan.command, plan.args, { cwd: spec.codeDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      this.child = child;
      this.memory = new MemoryProbe(child.pid);
      trackProcess(child);
      // Strings, not buffers: the decoder keeps a UTF-8 character split across reads whole.
      child.stdout!.setEncoding('utf8').on('data', (text: string) => this.onOutput('stdout', text));
      child.stderr!.setEncoding('utf8').on('data', (text: string) => this.onOutput('stderr', text));
      child.once('error', (error) => this.onProcessGone({ errorType: 'Runtime.InvalidEntrypoint', message: error.message }));
      child.once('exit', (code, signal) => this.onProcessGone({ errorType: 'Runtime.ExitError', message: exitDescription(code, signal) }));
      this.initTimer = clock.schedule(INIT_TIMEOUT_MS + spec.timeoutSeconds * 1000, () => this.onTimeout());
    } catch (error) {
      const failure =
        error instanceof LaunchError ? { errorType: error.errorType, message: error.message } : { errorType: 'Runtime.Unknown', message: String(error) };
      const inv = this.invocation;
      if (inv) {
        const payload = platformErrorPayload(inv.request.requestId, failure);
        void this.finish(inv, { outcome: 'error', payload, errorType: failure.errorType, status: 'error', stop: true });
      } else {
        this.stop();
      }
    }
  }

  // ---- Runtime API -------------------------------------------------------------------------

  private refuse(event: RuntimeEvent): RuntimeApiReply {
    return {
      status: 403,
      body: {
        errorMessage: `State transition from ${this.runtime.state} to ${requestedRuntimeState[event]} failed for runtime. Error: State transition is not allowed`,
        errorType: 'InvalidStateTransition',
      },
    };
  }

  private onNext(res: ServerResponse): void {
    // A runtime whose long poll gave up (a client timeout) may ask again while still Ready.
    const repeatedPoll = this.runtime.state === 'Ready' && this.pendingNext === undefined;
    if (!repeatedPoll) {
      if (!this.runtime.can('next')) {
        sendReply(res, this.refuse('next'));
        return;
      }
      this.runtime.fire('next');
    }
    if (this.initDurationMs === undefined) {
      this.initDurationMs = performance.now() - this.startedAt;
      this.initTimer?.cancel();
    }
    this.pendingNext = res;
    res.once('close', () => {
      if (this.pendingNext === res) this.pendingNext = undefined;
    });
    this.deliver();
  }

  private deliver(): void {
    const inv = this.invocation;
    const res = this.pendingNext;
    if (!inv || inv.delivered || !res) return;
    this.pendingNext = undefined;
    // The long poll's connection is already known dead: the runtime is gone, its exit will follow.
    if (!res.socket || res.socket.destroyed) return;
    this.runtime.fire('invoke');
    if (this.lifecycle.state === 'Starting') this.lifecycle.fire('initialized');
    const { spec, clock } = this.options;
    const { request } = inv;
    inv.delivered = true;
    inv.deliveredAt = performance.now();
    this.log(inv, startLine(request.requestId, spec.version));
    this.sinkLines();
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': request.payload.length,
      'Lambda-Runtime-Aws-Request-Id': request.requestId,
      'Lambda-Runtime-Deadline-Ms': clock.now() + spec.timeoutSeconds * 1000,
      'Lambda-Runtime-Invoked-Function-Arn': request.invokedFunctionArn,
      'Lambda-Runtime-Trace-Id': request.traceId || newTraceId(),
    };
    if (request.clientContext) headers['Lambda-Runtime-Client-Context'] = request.clientContext;
    if (request.cognitoIdentity) headers['Lambda-Runtime-Cognito-Identity'] = request.cognitoIdentity;
    if (request.tenantId) headers['Lambda-Runtime-Aws-Tenant-Id'] = request.tenantId;
    res.writeHead(200, headers);
    res.end(request.payload);
    inv.timer = clock.schedule(spec.timeoutSeconds * 1000, () => this.onTimeout());
  }

  /** The invocation a /response or /error may answer, or the Runtime API's refusal. */
  private answerable(event: 'response' | 'error', requestId: string): Invocation | RuntimeApiReply {
    if (!this.runtime.can(event)) return this.refuse(event);
    const inv = this.invocation;
    if (!inv?.delivered || inv.finished || inv.request.requestId !== requestId) {
      return { status: 400, body: { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' } };
    }
    this.runtime.fire(event);
    return inv;
  }

  private onResponse(requestId: string, body: Buffer): RuntimeApiReply {
    const inv = this.answerable('response', requestId);
    if (!('request' in inv)) return inv;
    if (body.length > MAX_RESPONSE_BYTES) {
      const payload = responseTooLargePayload();
      void this.finish(inv, { outcome: 'error', payload, errorType: 'Function.ResponseSizeTooLarge', status: 'error' });
      return {
        status: 413,
        body: { errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`, errorType: 'RequestEntityTooLarge' },
      };
    }
    void this.finish(inv, { outcome: 'success', payload: body });
    return accepted;
  }

  /**
   * A streamed response: chunks go to the caller's sink as they arrive (or are collected when it has
   * none); an error after streaming began comes as the trailers AWS's runtimes send,
   * `Lambda-Runtime-Function-Error-Type` and a base64 `Lambda-Runtime-Function-Error-Body`.
   */
  private async onResponseStream(requestId: string, req: IncomingMessage): Promise<RuntimeApiReply> {
    const inv = this.answerable('response', requestId);
    if (!('request' in inv)) {
      req.resume();
      return inv;
    }
    inv.streamed = true;
    const sink = inv.request.stream;
    const collected: Buffer[] = [];
    const contentType = req.headers['content-type'];
    sink?.start(contentType);
    const ended = await new Promise<boolean>((resolve) => {
      req.on('data', (chunk: Buffer) => {
        if (inv.finished) return;
        if (sink) sink.write(chunk);
        else collected.push(chunk);
      });
      req.once('end', () => resolve(true));
      req.once('error', () => resolve(false));
      req.once('close', () => resolve(req.complete));
    });
    const errorType = trailer(req, 'lambda-runtime-function-error-type');
    if (!ended && !inv.finished) {
      const failure = { errorType: 'Runtime.TruncatedResponse', message: 'The runtime closed the response stream before it ended' };
      void this.finish(inv, { outcome: 'error', payload: platformErrorPayload(requestId, failure), errorType: failure.errorType, status: 'error' });
    } else if (errorType) {
      const encoded = trailer(req, 'lambda-runtime-function-error-body');
      const body = encoded ? Buffer.from(encoded, 'base64') : Buffer.from(JSON.stringify({ errorType, errorMessage: '' }));
      void this.finish(inv, { outcome: 'error', payload: body, errorType });
    } else {
      void this.finish(inv, { outcome: 'success', payload: sink ? Buffer.alloc(0) : Buffer.concat(collected) });
    }
    return accepted;
  }

  private onError(requestId: string, body: Buffer, errorTypeHeader: string | undefined): RuntimeApiReply {
    const inv = this.answerable('error', requestId);
    if (!('request' in inv)) return inv;
    void this.finish(inv, { outcome: 'error', payload: body, errorType: errorTypeOf(errorTypeHeader, body) });
    return accepted;
  }

  private onInitError(body: Buffer, errorTypeHeader: string | undefined): RuntimeApiReply {
    if (!this.runtime.can('initError')) return this.refuse('initError');
    this.runtime.fire('initError');
    this.initDurationMs = performance.now() - this.startedAt;
    this.initTimer?.cancel();
    const errorType = errorTypeOf(errorTypeHeader, body);
    const payload = body.length > 0 ? body : Buffer.from(JSON.stringify({ errorType, errorMessage: '' }));
    const inv = this.invocation;
    // Lambda answers the invoke that caused the cold start with the init error (its log reads as below);
    // the sandbox is discarded.
    const platformLines = ['Unknown application error occurred', errorType];
    if (inv) void this.finish(inv, { outcome: 'error', payload, errorType, platformLines, status: 'error', stop: true });
    else this.stop();
    return accepted;
  }

  // ---- platform events ---------------------------------------------------------------------

  private onTimeout(): void {
    const inv = this.invocation;
    if (!inv || inv.finished) {
      this.stop();
      return;
    }
    const { requestId } = inv.request;
    const seconds = this.options.spec.timeoutSeconds;
    const message = `Task timed out after ${seconds.toFixed(2)} seconds`;
    void this.finish(inv, {
      outcome: 'error',
      payload: platformErrorPayload(requestId, { errorType: 'Sandbox.Timedout', message }),
      errorType: 'Sandbox.Timedout',
      platformLines: [timeoutLine(new Date(this.options.clock.now()).toISOString(), requestId, seconds)],
      status: 'timeout',
      stop: true,
    });
  }

  private onProcessGone(failure: PlatformError): void {
    const inv = this.invocation;
    if (inv && !inv.finished) {
      if (!inv.delivered && !inv.cold) {
        // The warm instance died between invocations; this one never started, so it may run elsewhere.
        inv.finished = true;
        this.invocation = undefined;
        inv.reject(new InstanceLostError());
      } else {
        const { requestId } = inv.request;
        void this.finish(inv, {
          outcome: 'error',
          payload: platformErrorPayload(requestId, failure),
          errorType: failure.errorType,
          platformLines: [`RequestId: ${requestId} Error: ${failure.message}`, failure.errorType],
          status: 'error',
          stop: true,
        });
        return;
      }
    }
    this.stop();
  }

  private async finish(inv: Invocation, c: Completion): Promise<void> {
    if (inv.finished) return;
    inv.finished = true;
    inv.timer?.cancel();
    const durationMs = inv.delivered ? performance.now() - inv.deliveredAt : 0;
    const maxMemory = this.memory?.maxMemoryUsedMb() ?? 0;
    if (maxMemory > 0) this.residentMb = maxMemory;
    if (c.stop) this.stop();
    // Output written just before the runtime answered may still be in the pipe: let it drain.
    await new Promise((resolve) => setImmediate(resolve));
    this.flushPartialLines(inv);
    const { spec } = this.options;
    const { requestId } = inv.request;
    if (!inv.delivered) this.log(inv, startLine(requestId, spec.version));
    for (const line of c.platformLines ?? []) this.log(inv, line);
    this.log(inv, endLine(requestId));
    const initDurationMs = inv.cold ? this.initDurationMs : undefined;
    this.log(
      inv,
      reportLine({
        requestId,
        durationMs,
        memorySizeMb: spec.memorySizeMb,
        maxMemoryUsedMb: maxMemory,
        initDurationMs,
        status: c.status,
        errorType: c.status === 'error' ? c.errorType : undefined,
      }),
    );
    this.sinkLines();
    if (this.invocation === inv) this.invocation = undefined;
    this.lastUsedAt = performance.now();
    const result: InvokeResult = { outcome: c.outcome, payload: c.payload, durationMs };
    if (inv.streamed && inv.request.stream) result.streamed = true;
    if (c.outcome === 'error') result.errorType = c.errorType;
    if (initDurationMs !== undefined) result.initDurationMs = initDurationMs;
    if (inv.lines) result.logTail = logTail(inv.lines.map((l) => `${l}\n`).join(''));
    if (this.lifecycle.state === 'Busy' || this.lifecycle.state === 'Starting') {
      if (this.retiring || this.lifecycle.state === 'Starting') this.stop();
      else this.lifecycle.fire('complete');
    }
    inv.resolve(result);
    if (this.lifecycle.state === 'Idle') this.options.onIdle(this);
  }

  // ---- output ------------------------------------------------------------------------------

  private log(inv: Invocation | undefined, line: string): void {
    this.options.logger.functionLine(this.options.spec.functionName, line);
    inv?.lines?.push(line);
    if (this.options.logSink) this.unsunkLines.push(line);
  }

  /** Hands the lines logged since the last call to the log sink, as one batch. */
  private sinkLines(): void {
    const sink = this.options.logSink;
    if (!sink || this.unsunkLines.length === 0) return;
    const { spec, clock } = this.options;
    const lines = this.unsunkLines;
    this.unsunkLines = [];
    sink({ accountId: spec.accountId, region: spec.region, logGroupName: spec.logGroupName, logStreamName: this.logStreamName, lines, timestamp: clock.now() });
  }

  /** Function output belongs to the invocation in flight; before the first one, to init. */
  private outputTarget(): Invocation | undefined {
    const inv = this.invocation;
    return inv?.delivered ? inv : undefined;
  }

  private onOutput(stream: 'stdout' | 'stderr', text: string): void {
    const lines = (this.partialLines[stream] + text).split('\n');
    this.partialLines[stream] = lines.pop() ?? '';
    const target = this.outputTarget();
    for (const line of lines) this.log(target, line);
    this.sinkLines();
  }

  private flushPartialLines(inv: Invocation): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partialLines[stream] === '') continue;
      this.log(inv, this.partialLines[stream]);
      this.partialLines[stream] = '';
    }
  }

  // ---- stop --------------------------------------------------------------------------------

  /** Kills the process group and closes the Runtime API; a pending invocation is rejected. */
  stop(): void {
    if (this.lifecycle.state === 'Stopped') return;
    this.lifecycle.fire('stop');
    this.initTimer?.cancel();
    if (this.child) killProcessGroup(this.child);
    this.memory?.close();
    this.pendingNext?.destroy();
    this.pendingNext = undefined;
    this.server?.close();
    this.removeTmpDir();
    const inv = this.invocation;
    if (inv && !inv.finished) {
      inv.finished = true;
      inv.timer?.cancel();
      this.invocation = undefined;
      inv.reject(inv.delivered || inv.cold ? new Error('Tributary stopped the function instance') : new InstanceLostError());
    }
    this.options.onStopped(this);
  }

  private removeTmpDir(): void {
    const dir = this.tmpDir;
    this.tmpDir = undefined;
    if (dir) void rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function trailer(req: IncomingMessage, name: string): string | undefined {
  const value = req.trailers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
