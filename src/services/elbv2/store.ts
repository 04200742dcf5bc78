import type { Store } from '../../store/database.js';
import type { LoadBalancer, Listener, Resource, Rule, TargetGroup } from './model.js';
import { ELBV2_MIGRATIONS } from './schema.js';

export interface Scope {
  accountId: string;
  region: string;
}

type KindOf<K extends Resource['kind']> = Extract<Resource, { kind: K }>;

/** Every ELBv2 resource, in memory and written through to SQLite (read back at start). */
export class Elbv2Store {
  private readonly byArn = new Map<string, Resource>();
  /** Creation order, which Describe* follows. */
  private readonly order = new Map<string, number>();
  private seq = 0;
  private readonly upsert;
  private readonly remove;

  constructor(private readonly store: Store) {
    store.migrate('elbv2', ELBV2_MIGRATIONS);
    const db = store.db;
    this.upsert = db.prepare(
      'INSERT INTO elbv2_resources (arn, kind, account_id, region, seq, doc) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (arn) DO UPDATE SET doc = excluded.doc',
    );
    this.remove = db.prepare('DELETE FROM elbv2_resources WHERE arn = ?');
    for (const row of db.prepare('SELECT seq, doc FROM elbv2_resources ORDER BY seq').all() as { seq: number; doc: string }[]) {
      const resource = JSON.parse(row.doc) as Resource;
      this.byArn.set(resource.arn, resource);
      this.order.set(resource.arn, row.seq);
      this.seq = Math.max(this.seq, row.seq);
    }
  }

  get<K extends Resource['kind']>(kind: K, arn: string): KindOf<K> | undefined {
    const found = this.byArn.get(arn);
    return found?.kind === kind ? (found as KindOf<K>) : undefined;
  }

  /** The resources of one kind in a scope, in creation order. */
  list<K extends Resource['kind']>(kind: K, scope: Scope): KindOf<K>[] {
    const out: KindOf<K>[] = [];
    for (const r of this.byArn.values()) {
      if (r.kind === kind && r.accountId === scope.accountId && r.region === scope.region) out.push(r as KindOf<K>);
    }
    return out;
  }

  /** Every load balancer of every account and region (the data plane finds them by DNS name). */
  allLoadBalancers(): LoadBalancer[] {
    return [...this.byArn.values()].filter((r): r is LoadBalancer => r.kind === 'load-balancer');
  }

  listenersOf(lbArn: string): Listener[] {
    return [...this.byArn.values()].filter((r): r is Listener => r.kind === 'listener' && r.loadBalancerArn === lbArn);
  }

  rulesOf(listenerArn: string): Rule[] {
    return [...this.byArn.values()].filter((r): r is Rule => r.kind === 'rule' && r.listenerArn === listenerArn);
  }

  targetGroup(arn: string): TargetGroup | undefined {
    return this.get('target-group', arn);
  }

  /** Writes a new or changed resource. */
  put(resource: Resource): void {
    let seq = this.order.get(resource.arn);
    if (seq === undefined) {
      seq = ++this.seq;
      this.order.set(resource.arn, seq);
    }
    this.upsert.run(resource.arn, resource.kind, resource.accountId, resource.region, seq, JSON.stringify(resource));
    this.byArn.set(resource.arn, resource);
    this.version++;
  }

  /** Removes resources, all in one transaction. */
  delete(...arns: string[]): void {
    this.store.db.transaction(() => {
      for (const arn of arns) this.remove.run(arn);
    })();
    for (const arn of arns) {
      this.byArn.delete(arn);
      this.order.delete(arn);
    }
    this.version++;
  }

  /** Any resource by ARN (tags apply to every kind). */
  any(arn: string): Resource | undefined {
    return this.byArn.get(arn);
  }

  /** Bumped on every write: the data plane's caches compare it. */
  version = 0;
}
