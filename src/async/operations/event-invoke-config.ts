/** Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s) (`/2019-09-25/functions/{FunctionName}/event-invoke-config`). */
import type { RestJsonOperation, RestJsonRequest } from '../../protocols/rest-json.js';
import type { RequestContext } from '../../server/request-context.js';
import type { ServiceDeps } from '../../services/deps.js';
import type { LambdaInternals, ResolvedFunction } from '../../services/lambda/internal-api.js';
import { Targets } from '../../targets/index.js';
import type { EventInvokeConfig, EventInvokeConfigs } from '../event-invoke-configs.js';
import { qualifierOf } from '../event-delivery.js';
import { assertValid, structure } from '../../protocols/constraints.js';
import { parseJsonBody } from '../../protocols/json-body.js';
import {
  parseEventInvokeConfigInput,
  requireSomeSetting,
  splitQualifier,
  userError,
  validateDestinations,
  type EventInvokeConfigInput,
} from './event-invoke-config-validation.js';

export interface EventInvokeConfigContext {
  deps: ServiceDeps;
  internals: LambdaInternals;
  configs: EventInvokeConfigs;
}

const PATH = '/2019-09-25/functions/{FunctionName}/event-invoke-config';
const LIST_REQUEST = structure({ MaxItems: { type: 'integer', fromText: true, range: { min: 1, max: 50 } } });

export function eventInvokeConfigOperations(context: EventInvokeConfigContext): RestJsonOperation[] {
  const { deps, internals, configs } = context;
  const targets = new Targets(deps);

  /** The function and qualifier the request names; undefined when either does not exist. */
  function target(request: RestJsonRequest, ctx: RequestContext): { fn?: ResolvedFunction; arn: string } {
    const ref = request.params.FunctionName ?? '';
    const { base, qualifier: derived } = splitQualifier(ref);
    const explicit = request.query.get('Qualifier') ?? undefined;
    if (explicit !== undefined && derived !== undefined && explicit !== derived) {
      throw userError('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
    }
    const qualifier = explicit ?? derived ?? '$LATEST';
    const fn = internals.resolve(`${base}:${qualifier}`, ctx) ?? (qualifier === '$LATEST' ? internals.resolve(base, ctx) : undefined);
    const unqualified = internals.resolve(base, ctx)?.unqualifiedArn ?? `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${base.split(':').pop()}`;
    return { fn, arn: `${unqualified}:${qualifier}` };
  }

  function render(config: EventInvokeConfig): Record<string, unknown> {
    const out: Record<string, unknown> = {
      LastModified: config.lastModified,
      FunctionArn: `${config.functionArn}:${config.qualifier}`,
    };
    if (config.maximumRetryAttempts !== undefined) out.MaximumRetryAttempts = config.maximumRetryAttempts;
    if (config.maximumEventAgeInSeconds !== undefined) out.MaximumEventAgeInSeconds = config.maximumEventAgeInSeconds;
    out.DestinationConfig = {
      OnSuccess: config.onSuccess ? { Destination: config.onSuccess } : {},
      OnFailure: config.onFailure ? { Destination: config.onFailure } : {},
    };
    return out;
  }

  function missingConfig(arn: string) {
    return userError('ResourceNotFoundException', `The function ${arn} doesn't have an EventInvokeConfig`, 404);
  }

  function store(fn: ResolvedFunction, input: EventInvokeConfigInput, base?: EventInvokeConfig): EventInvokeConfig {
    if (input.destinationConfig) {
      validateDestinations(fn, input.destinationConfig, targets, (arn) => internals.resolve(arn, fn) !== undefined);
    }
    const config: EventInvokeConfig = {
      accountId: fn.accountId,
      region: fn.region,
      functionArn: fn.unqualifiedArn,
      qualifier: qualifierOf(fn.qualifiedArn),
      maximumRetryAttempts: input.maximumRetryAttempts ?? base?.maximumRetryAttempts,
      maximumEventAgeInSeconds: input.maximumEventAgeInSeconds ?? base?.maximumEventAgeInSeconds,
      onSuccess: input.destinationConfig ? input.destinationConfig.onSuccess : base?.onSuccess,
      onFailure: input.destinationConfig ? input.destinationConfig.onFailure : base?.onFailure,
      lastModified: deps.clock.now() / 1000,
    };
    configs.put(config);
    return config;
  }

  const put: RestJsonOperation = {
    name: 'PutFunctionEventInvokeConfig',
    method: 'PUT',
    path: PATH,
    async run(request, ctx) {
      const input = parseEventInvokeConfigInput(parseJsonBody(request.body));
      requireSomeSetting(input);
      const { fn } = target(request, ctx);
      if (!fn) throw userError('ResourceNotFoundException', "The function doesn't exist.", 404);
      return { body: render(store(fn, input)) };
    },
  };

  const update: RestJsonOperation = {
    name: 'UpdateFunctionEventInvokeConfig',
    method: 'POST',
    path: PATH,
    async run(request, ctx) {
      const input = parseEventInvokeConfigInput(parseJsonBody(request.body));
      requireSomeSetting(input);
      const { fn, arn } = target(request, ctx);
      if (!fn) throw userError('ResourceNotFoundException', "The function doesn't exist.", 404);
      const existing = configs.get(fn.unqualifiedArn, qualifierOf(fn.qualifiedArn));
      if (!existing) throw missingConfig(arn);
      return { body: render(store(fn, input, existing)) };
    },
  };

  const get: RestJsonOperation = {
    name: 'GetFunctionEventInvokeConfig',
    method: 'GET',
    path: PATH,
    async run(request, ctx) {
      const { fn, arn } = target(request, ctx);
      const config = fn && configs.get(fn.unqualifiedArn, qualifierOf(fn.qualifiedArn));
      if (!config) throw missingConfig(arn);
      return { body: render(config) };
    },
  };

  const remove: RestJsonOperation = {
    name: 'DeleteFunctionEventInvokeConfig',
    method: 'DELETE',
    path: PATH,
    async run(request, ctx) {
      const { fn, arn } = target(request, ctx);
      if (!fn || !configs.delete(fn.unqualifiedArn, qualifierOf(fn.qualifiedArn))) throw missingConfig(arn);
      return { status: 204 };
    },
  };

  const list: RestJsonOperation = {
    name: 'ListFunctionEventInvokeConfigs',
    method: 'GET',
    path: `${PATH}/list`,
    async run(request, ctx) {
      const maxItemsText = request.query.get('MaxItems');
      assertValid(LIST_REQUEST, { MaxItems: maxItemsText });
      const maxItems = maxItemsText === null ? 50 : Number(maxItemsText);
      const fn = internals.resolve(request.params.FunctionName ?? '', ctx);
      if (!fn) throw userError('ResourceNotFoundException', "The function doesn't exist.", 404);
      const all = configs.list(fn.unqualifiedArn);
      const start = Number(request.query.get('Marker') ?? 0) || 0;
      const page = all.slice(start, start + maxItems);
      const body: Record<string, unknown> = { FunctionEventInvokeConfigs: page.map(render) };
      if (start + maxItems < all.length) body.NextMarker = String(start + maxItems);
      return { body };
    },
  };

  return [list, put, update, get, remove];
}
