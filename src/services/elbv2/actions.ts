import type { Action } from './model.js';
import { invalidConfigurationRequest, targetGroupNotFound, validationError } from './errors.js';
import type { Elbv2Store } from './store.js';
import { asList, asRecord, asString, type Tree } from './wire.js';

const CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'];

/** Reads, checks and normalizes `Actions` / `DefaultActions`, as AWS echoes them back. */
export function parseActions(tree: Tree | undefined, store: Elbv2Store): Action[] {
  const list = asList(tree) ?? [];
  if (list.length === 0) throw validationError('At least one action must be specified');
  const actions = list.map((item) => parseAction(asRecord(item) ?? {}, store));
  const terminal = actions.filter((a) => a.Type === 'forward' || a.Type === 'redirect' || a.Type === 'fixed-response');
  if (terminal.length !== 1) throw invalidConfigurationRequest('You must specify exactly one forward, redirect or fixed-response action');
  return actions;
}

function parseAction(raw: Record<string, Tree>, store: Elbv2Store): Action {
  const type = asString(raw.Type) ?? '';
  const action: Action = { Type: type };
  const order = asString(raw.Order);
  if (type === 'forward') Object.assign(action, forward(raw, store));
  else if (type === 'fixed-response') action.FixedResponseConfig = fixedResponse(asRecord(raw.FixedResponseConfig));
  else if (type === 'redirect') action.RedirectConfig = redirect(asRecord(raw.RedirectConfig));
  else throw invalidConfigurationRequest(`Action type '${type}' is only supported on HTTPS listeners`);
  if (order !== undefined) action.Order = Number(order);
  return action;
}

function forward(raw: Record<string, Tree>, store: Elbv2Store): Pick<Action, 'TargetGroupArn' | 'ForwardConfig'> {
  const single = asString(raw.TargetGroupArn);
  const config = asRecord(raw.ForwardConfig);
  const groups = (asList(config?.TargetGroups) ?? []).map((g) => {
    const group = asRecord(g) ?? {};
    const arn = asString(group.TargetGroupArn) ?? '';
    const weight = asString(group.Weight);
    return { TargetGroupArn: arn, Weight: weight === undefined ? 1 : Number(weight) };
  });
  if (single && groups.length === 0) groups.push({ TargetGroupArn: single, Weight: 1 });
  if (groups.length === 0) throw validationError('A target group ARN must be specified');
  if (single && (groups.length !== 1 || groups[0]!.TargetGroupArn !== single)) {
    throw validationError('You cannot specify both a target group ARN and a forward config with different target groups');
  }
  for (const g of groups) {
    if (!store.targetGroup(g.TargetGroupArn)) throw targetGroupNotFound(g.TargetGroupArn);
    if (!Number.isInteger(g.Weight) || g.Weight < 0 || g.Weight > 999) throw validationError('Target group weight must be between 0 and 999');
  }
  const stickiness = asRecord(config?.TargetGroupStickinessConfig);
  const duration = asString(stickiness?.DurationSeconds);
  return {
    TargetGroupArn: groups.length === 1 ? groups[0]!.TargetGroupArn : undefined,
    ForwardConfig: {
      TargetGroups: groups,
      TargetGroupStickinessConfig: {
        Enabled: asString(stickiness?.Enabled) === 'true',
        ...(duration === undefined ? {} : { DurationSeconds: Number(duration) }),
      },
    },
  };
}

function fixedResponse(raw: Record<string, Tree> | undefined): NonNullable<Action['FixedResponseConfig']> {
  const status = asString(raw?.StatusCode);
  if (status === undefined) throw validationError('A status code must be specified for a fixed-response action');
  const contentType = asString(raw?.ContentType);
  if (contentType !== undefined && !CONTENT_TYPES.includes(contentType)) {
    throw validationError(`Content type '${contentType}' is not valid; it must be one of [${CONTENT_TYPES.join(', ')}]`);
  }
  const body = asString(raw?.MessageBody);
  if (body !== undefined && body.length > 1024) throw validationError('The message body of a fixed-response action cannot be longer than 1024 characters');
  return { MessageBody: body, StatusCode: status, ContentType: contentType };
}

function redirect(raw: Record<string, Tree> | undefined): NonNullable<Action['RedirectConfig']> {
  const status = asString(raw?.StatusCode);
  if (status === undefined) throw validationError('A status code must be specified for a redirect action');
  // Absent parts keep the request's, which AWS echoes as the #{...} placeholders.
  return {
    Protocol: asString(raw?.Protocol) ?? '#{protocol}',
    Port: asString(raw?.Port) ?? '#{port}',
    Host: asString(raw?.Host) ?? '#{host}',
    Path: asString(raw?.Path) ?? '/#{path}',
    Query: asString(raw?.Query) ?? '#{query}',
    StatusCode: status,
  };
}

/** Target groups an action list forwards to. */
export function forwardedGroups(actions: readonly Action[]): string[] {
  return actions.flatMap((a) => (a.Type === 'forward' ? (a.ForwardConfig?.TargetGroups ?? []).map((g) => g.TargetGroupArn) : []));
}
