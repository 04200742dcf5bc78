import type { Elbv2Operation } from '../context.js';
import { accessDenied, invalidTarget, tooManyTargets } from '../errors.js';
import type { Target, TargetGroup } from '../model.js';
import { loadBalancersUsing } from '../render.js';
import { asList, asRecord, asString, type Tree } from '../wire.js';
import { ownTargetGroup } from './target-groups.js';

const ELB_PRINCIPAL = 'elasticloadbalancing.amazonaws.com';

function parseTargets(tree: Tree | undefined): Target[] {
  return (asList(tree) ?? []).map((item) => {
    const raw = asRecord(item) ?? {};
    const id = asString(raw.Id) ?? '';
    const port = asString(raw.Port);
    const zone = asString(raw.AvailabilityZone);
    return { Id: id, ...(port === undefined ? {} : { Port: Number(port) }), ...(zone === undefined ? {} : { AvailabilityZone: zone }) };
  });
}

const sameTarget = (a: Target, b: Target) => a.Id === b.Id && (a.Port ?? 0) === (b.Port ?? 0);

export const registerTargets: Elbv2Operation = (input, ctx, { store, deps }) => {
  const tg = ownTargetGroup(asString(input.TargetGroupArn), ctx, store);
  const targets = parseTargets(input.Targets);
  if (tg.targetType === 'lambda') {
    const all = [...tg.targets, ...targets.filter((t) => !tg.targets.some((e) => sameTarget(e, t)))];
    if (all.length > 1) throw tooManyTargets('You can register only one Lambda function per target group');
    for (const t of targets) checkLambdaTarget(t, tg, deps.ports.lambda);
  }
  const merged = [...tg.targets];
  for (const t of targets) if (!merged.some((e) => sameTarget(e, t))) merged.push(t.Port === undefined && tg.port !== undefined ? { ...t, Port: tg.port } : t);
  store.put({ ...tg, targets: merged });
  return {};
};

/** AWS asks Lambda whether ELB may invoke the function for this target group before registering it. */
function checkLambdaTarget(t: Target, tg: TargetGroup, lambda: Parameters<Elbv2Operation>[2]['deps']['ports']['lambda']): void {
  const m = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:[^:]+(:[^:]+)?$/.exec(t.Id);
  if (!m) throw invalidTarget(`The target '${t.Id}' is not a valid Lambda function ARN`);
  if (m[1] !== tg.region || m[2] !== tg.accountId) throw invalidTarget('The Lambda function and the target group must be in the same account and Region');
  const allowed = lambda?.servicePrincipalMayInvoke?.(t.Id, { principal: ELB_PRINCIPAL, sourceArn: tg.arn, sourceAccount: tg.accountId });
  if (!allowed) throw accessDenied(`elasticloadbalancing principal does not have permission to invoke ${t.Id} from target group ${tg.arn}`);
}

export const deregisterTargets: Elbv2Operation = (input, ctx, { store }) => {
  const tg = ownTargetGroup(asString(input.TargetGroupArn), ctx, store);
  const targets = parseTargets(input.Targets);
  for (const t of targets) {
    if (!tg.targets.some((e) => e.Id === t.Id && (t.Port === undefined || e.Port === t.Port))) {
      throw invalidTarget(`The following targets are not registered in target group '${tg.arn}': '${t.Id}'`);
    }
  }
  store.put({ ...tg, targets: tg.targets.filter((e) => !targets.some((t) => e.Id === t.Id && (t.Port === undefined || e.Port === t.Port))) });
  return {};
};

export const describeTargetHealth: Elbv2Operation = (input, ctx, { store }) => {
  const tg = ownTargetGroup(asString(input.TargetGroupArn), ctx, store);
  const asked = asList(input.Targets) ? parseTargets(input.Targets) : undefined;
  const used = loadBalancersUsing(tg.arn, store).length > 0;
  const described = asked ?? tg.targets;
  return {
    TargetHealthDescriptions: described.map((t) => {
      const registered = tg.targets.find((e) => e.Id === t.Id && (t.Port === undefined || e.Port === t.Port));
      const target = registered ?? t;
      return {
        Target: { Id: target.Id, Port: target.Port, AvailabilityZone: target.AvailabilityZone },
        HealthCheckPort: tg.targetType === 'lambda' ? undefined : String(target.Port ?? tg.port ?? ''),
        TargetHealth: healthOf(tg, Boolean(registered), used),
      };
    }),
  };
};

/** Tributary never probes targets: a used target is healthy, or unavailable when health checks are off (Lambda's default). */
function healthOf(tg: TargetGroup, registered: boolean, used: boolean): Record<string, string> {
  if (!registered) return { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' };
  if (!used) return { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' };
  if (!tg.healthCheck.HealthCheckEnabled) return { State: 'unavailable', Reason: 'Target.HealthCheckDisabled', Description: 'Health checks are disabled' };
  return { State: 'healthy' };
}
