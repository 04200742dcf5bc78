import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import os from 'node:os';

/**
 * What keeps web pages from driving a local endpoint. A page can make a browser send requests to
 * 127.0.0.1 (form posts and `text/plain` POSTs need no preflight), and DNS rebinding lets a page on
 * a name its owner controls read the answers. So, as local servers must:
 * - the Host must name this machine: a loopback name or address, a `*.localhost` name (browsers and
 *   resolvers keep the whole `.localhost` domain on loopback: function URLs, bucket hosts), the
 *   address Tributary listens on, or a name the user allowed;
 * - a request carrying a browser's `Origin` is refused unless that origin is Tributary's own, an
 *   origin the user allowed, or the service accepts it as AWS does (S3 bucket CORS, function URLs).
 */
export interface GuardOptions {
  /** The address the endpoint listens on (`0.0.0.0` or `::` accepts this machine's own addresses). */
  listenHost: string;
  /** Extra Host names (`*.example.test` matches any subdomain, `*` anything). */
  allowHosts: readonly string[];
  /** Browser origins allowed to call every API (`http://localhost:3000`, `*` for any). */
  allowOrigins: readonly string[];
}

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** Names resolvers keep on loopback, and the public names that only ever resolve to it. */
const LOOPBACK_NAMES = ['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback'];
const LOOPBACK_DOMAINS = ['.localhost', '.localhost.localstack.cloud'];

/** A Host header's name and port, or undefined when it is not `name[:port]` / `[v6][:port]`. */
export function parseHost(header: string | undefined): { name: string; port?: string } | undefined {
  if (header === undefined || header === '') return undefined;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?::(\d{1,5}))?$/.exec(header);
  if (!m) return undefined;
  const name = m[1]!.toLowerCase().replace(/\.$/, '');
  if (name.startsWith('[') && isIP(name.slice(1, -1)) !== 6) return undefined;
  if (m[2] !== undefined && Number(m[2]) > 65535) return undefined;
  return { name, port: m[2] };
}

function isLoopbackAddress(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  const v6 = address.toLowerCase();
  return v6 === '::1' || v6 === '0:0:0:0:0:0:0:1' || v6.startsWith('::ffff:127.');
}

function matchesPattern(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return name.endsWith(p.slice(1));
  return name === p;
}

export class RequestGuards {
  private readonly ownNames = new Set<string>();

  constructor(private readonly options: GuardOptions) {
    const listen = options.listenHost.toLowerCase();
    const wildcard = listen === '0.0.0.0' || listen === '::' || listen === '';
    if (!wildcard) this.ownNames.add(isIP(listen) === 6 ? `[${listen}]` : listen);
    if (wildcard) {
      // Bound to every interface: the machine's own addresses and name are its own.
      this.ownNames.add(listen === '::' ? '[::]' : '0.0.0.0');
      this.ownNames.add(os.hostname().toLowerCase());
      for (const addresses of Object.values(os.networkInterfaces())) {
        for (const a of addresses ?? []) this.ownNames.add(a.family === 'IPv6' ? `[${a.address.toLowerCase()}]` : a.address);
      }
    }
  }

  /** Whether a (parsed, lowercased) Host name may reach this endpoint. */
  hostAllowed(name: string): boolean {
    const bare = name.startsWith('[') ? name.slice(1, -1) : name;
    if (isIP(bare) && isLoopbackAddress(bare)) return true;
    if (LOOPBACK_NAMES.includes(name) || LOOPBACK_DOMAINS.some((d) => name.endsWith(d))) return true;
    if (this.ownNames.has(name)) return true;
    return this.options.allowHosts.some((p) => matchesPattern(p, name));
  }

  /** The refusal for a request whose Host this endpoint must not answer, if any. */
  checkHost(name: string): Refusal | undefined {
    if (this.hostAllowed(name)) return undefined;
    return {
      status: 403,
      code: 'AccessDenied',
      message:
        `Tributary refused the request: Host "${name}" is not a loopback name or address of this machine. ` +
        `To accept it, start Tributary with --allow-host ${name} (or TRIBUTARY_ALLOW_HOSTS=${name}).`,
    };
  }

  /**
   * The refusal for a browser request from another origin, if any. Preflights (`OPTIONS`) change
   * nothing and are answered by the service; `serviceAccepts` says whether the service serves CORS
   * for this request as AWS does.
   */
  checkOrigin(req: IncomingMessage, host: string, serviceAccepts: () => boolean): Refusal | undefined {
    const origin = req.headers.origin;
    if (origin === undefined || req.method === 'OPTIONS') return undefined;
    if (this.originAllowed(origin, host)) return undefined;
    if (serviceAccepts()) return undefined;
    return {
      status: 403,
      code: 'AccessDenied',
      message:
        `Tributary refused a browser request from origin "${origin}": web pages may not call its APIs unless ` +
        `their origin is allowed. To allow it, start Tributary with --allow-origin ${origin} (or TRIBUTARY_ALLOW_ORIGINS=${origin}).`,
    };
  }

  private originAllowed(origin: string, host: string): boolean {
    const lower = origin.toLowerCase();
    if (this.options.allowOrigins.some((o) => o === '*' || o.toLowerCase().replace(/\/$/, '') === lower)) return true;
    // Tributary's own pages (the dashboard) are same-origin.
    return lower === `http://${host.toLowerCase()}`;
  }
}
