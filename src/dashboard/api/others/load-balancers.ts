import type { LoadBalancer, Listener, TargetGroup } from '../../../services/elbv2/model.js';
import type { Db } from '../../../store/database.js';
import { parseJson, rows } from '../db.js';
import { count, emptyPart, type ResourcePart } from './part.js';

/** ELB load balancers; a listener forwarding to a Lambda target group is an edge to each function in it. */
export function loadBalancersPart(db: Db): ResourcePart {
  const part = emptyPart();
  const docs = rows<{ kind: string; doc: string }>(
    db,
    "SELECT kind, doc FROM elbv2_resources WHERE kind IN ('load-balancer', 'listener', 'target-group') ORDER BY seq",
  );
  const of = <T>(kind: string) => docs.filter((d) => d.kind === kind).map((d) => parseJson<T>(d.doc, {} as T));
  const groups = new Map(of<TargetGroup>('target-group').map((g) => [g.arn, g]));
  const listeners = of<Listener>('listener');
  for (const lb of of<LoadBalancer>('load-balancer')) {
    const mine = listeners.filter((l) => l.loadBalancerArn === lb.arn);
    part.resources.push({ name: lb.name, arn: lb.arn, kind: 'loadbalancer', detail: `${lb.type}, ${count(mine.length, 'listener')}` });
    part.nodes.push({ id: lb.arn, kind: 'loadbalancer', label: lb.name });
    const functions = new Set<string>();
    for (const listener of mine) {
      for (const action of listener.defaultActions ?? []) {
        const groupArns = [action.TargetGroupArn, ...(action.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)];
        for (const groupArn of groupArns) {
          const group = groupArn ? groups.get(groupArn) : undefined;
          if (group?.targetType !== 'lambda') continue;
          for (const t of group.targets) {
            if (functions.has(t.Id)) continue;
            functions.add(t.Id);
            part.edges.push({ from: lb.arn, to: t.Id.split(':').slice(0, 7).join(':'), kind: 'integration', label: `${listener.protocol}:${listener.port}` });
          }
        }
      }
    }
  }
  return part;
}
