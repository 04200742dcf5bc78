import type { Action, Listener, LoadBalancer } from '../model.js';
import type { Elbv2Store } from '../store.js';
import { compileConditions, type Matcher, type RequestFacts } from './matching.js';

interface CompiledListener {
  listener: Listener;
  /** Rules by priority, lowest first, then the default action. */
  rules: { matches: Matcher; actions: Action[] }[];
}

/**
 * What the data plane needs per load balancer, compiled once and rebuilt when anything changes:
 * DNS names to load balancers, listeners by port, rules as tests in priority order.
 */
export class RoutingTable {
  private version = -1;
  private byDnsName = new Map<string, LoadBalancer>();
  private byName = new Map<string, LoadBalancer[]>();
  private listeners = new Map<string, CompiledListener[]>();

  constructor(private readonly store: Elbv2Store) {}

  private refresh(): void {
    if (this.version === this.store.version) return;
    this.version = this.store.version;
    this.byDnsName = new Map();
    this.byName = new Map();
    this.listeners = new Map();
    for (const lb of this.store.allLoadBalancers()) {
      this.byDnsName.set(lb.dnsName, lb);
      this.byName.set(lb.name, [...(this.byName.get(lb.name) ?? []), lb]);
      const compiled = this.store
        .listenersOf(lb.arn)
        .sort((a, b) => a.port - b.port)
        .map((listener) => ({
          listener,
          rules: this.store
            .rulesOf(listener.arn)
            .sort((a, b) => a.priority - b.priority)
            .map((r) => ({ matches: compileConditions(r.conditions), actions: r.actions })),
        }));
      this.listeners.set(lb.arn, compiled);
    }
  }

  byHost(host: string): LoadBalancer | undefined {
    this.refresh();
    return this.byDnsName.get(host);
  }

  /** Load balancers by name (the path form), preferring the given account and region. */
  byLoadBalancerName(name: string, account: string, region: string): LoadBalancer | undefined {
    this.refresh();
    const found = this.byName.get(name) ?? [];
    return found.find((lb) => lb.accountId === account && lb.region === region) ?? found[0];
  }

  /** The listener on `port`, else the one with the lowest port (Tributary has one port for all). */
  listenerFor(lb: LoadBalancer, port: number | undefined): CompiledListener | undefined {
    this.refresh();
    const listeners = this.listeners.get(lb.arn) ?? [];
    return listeners.find((l) => l.listener.port === port) ?? listeners[0];
  }
}

/** The actions of the first rule that matches, else the listener's default actions. */
export function actionsFor(listener: CompiledListener, facts: RequestFacts): Action[] {
  for (const rule of listener.rules) if (rule.matches(facts)) return rule.actions;
  return listener.listener.defaultActions;
}
